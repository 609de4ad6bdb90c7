"""``flask scheduler balance`` spreads a learner's coming reviews over the days their
fuzz allows, never outside it and never into the past."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.load_balance import balance_learner
from quizapp.models import MemoryState
from quizapp.scheduling import Rating, apply_review, fuzz_window, new_memory_state
from quizapp.timeutil import now_utc
from tests.support.study_fixtures import NOON, facts_of, give_memory, make_study_bank


def test_every_fuzzed_wait_lies_in_the_window_the_state_reports(student):
    for _ in range(40):  # fsrs draws the fuzz at random: many tries reach both edges
        state = new_memory_state(student.id, 1, NOON)
        for _ in range(8):
            apply_review(state, Rating.GOOD, state.due)
            window = fuzz_window(state)
            wait = (state.due - state.last_review).days
            if window is None:
                assert wait <= 2
            else:
                assert window[0] <= wait <= window[2], (wait, window)


def _learned_together(student, facts: int, now=NOON) -> list[MemoryState]:
    """``facts`` facts last reviewed 3 days before ``now``, all due on the unfuzzed day."""
    reviewed = now - timedelta(days=3)
    states = []
    for fact in facts_of(make_study_bank(facts=facts, kinds=("true_false",))):
        states.append(give_memory(student, fact, stability=30.0, last_review=reviewed))
    window = fuzz_window(states[0])
    for state in states:
        state.due = reviewed + timedelta(days=window[1])
    db.session.commit()
    return states


def test_reviews_learned_together_are_spread_over_their_fuzz_range(student):
    states = _learned_together(student, facts=21)
    shortest, _ideal, longest = fuzz_window(states[0])
    assert balance_learner(student, NOON) > 0
    db.session.expire_all()
    waits = Counter(
        (state.due - state.last_review).days for state in db.session.scalars(select(MemoryState))
    )
    assert set(waits) <= set(range(shortest, longest + 1))
    days = longest - shortest + 1
    assert max(waits.values()) <= -(-21 // days)  # as even as whole days allow


def test_balancing_leaves_learning_steps_and_short_waits_alone(student):
    bank = make_study_bank(facts=2, kinds=("true_false",))
    learning, short = facts_of(bank)
    give_memory(student, learning, state=1, step=0, due=NOON + timedelta(minutes=10))
    give_memory(student, short, stability=1.0, last_review=NOON, due=NOON + timedelta(days=1))
    assert balance_learner(student, NOON) == 0


def test_the_balance_command_reports_what_it_moved(app, student):
    _learned_together(student, facts=10, now=now_utc())
    result = app.test_cli_runner().invoke(args=["scheduler", "balance"])
    assert result.exit_code == 0, result.output
    assert f"{student.email}: " in result.output
    assert "for 1 learner." in result.output


def test_balanced_reviews_keep_the_time_of_day_on_the_learners_clock_across_a_clock_change(
    student,
):
    """Waits are whole calendar days where the learner lives: facts answered at 23:30
    before the clocks go forward come back at 23:30, not at 00:30 a day later."""
    student.time_zone = "America/New_York"
    db.session.commit()
    reviewed = datetime(2026, 3, 6, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    _learned_together(student, facts=21, now=reviewed.astimezone(UTC) + timedelta(days=3))

    assert balance_learner(student, reviewed + timedelta(days=3)) > 0
    db.session.expire_all()
    local_dues = [
        state.due.astimezone(ZoneInfo("America/New_York"))
        for state in db.session.scalars(select(MemoryState))
    ]
    assert {(due.hour, due.minute) for due in local_dues} == {(23, 30)}


def test_an_email_no_account_has_is_refused_not_done_for_nobody(app):
    runner = app.test_cli_runner()
    for command in (["scheduler", "balance"], ["scheduler", "optimize"]):
        result = runner.invoke(args=[*command, "--email", "Nobody@Example.org"])
        assert result.exit_code == 1, result.output
        assert "No account has the email nobody@example.org." in result.output
    refused = runner.invoke(args=["scheduler", "optimize", "--min-reviews", "-5"])
    assert refused.exit_code == 2
