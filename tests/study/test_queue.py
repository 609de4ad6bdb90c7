"""A session serves due facts first (least likely recalled first), then new facts up to a
daily limit counted by the learner's own calendar day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.extensions import db
from quizapp.study.answers import Submission, submit_answer
from quizapp.study.issued_items import current_study_item
from quizapp.study.queue import bank_scope, due_fact_ids, new_left_today, next_fact, summary
from tests.support.factories import make_user
from tests.support.study_fixtures import NOON, facts_of, give_memory, make_study_bank


def answer_right(user, item, now):
    """Answer a multiple-choice item correctly at ``now``."""
    return submit_answer(
        user, item.token, Submission(choice=item.choice_order.index(item.question.answer)), now
    )


def test_due_facts_come_first_the_least_likely_recalled_first(app, student):
    bank = make_study_bank(facts=3)
    shaky, solid, _new = facts_of(bank)
    give_memory(student, solid, stability=30.0, last_review=NOON - timedelta(days=3), due=NOON)
    give_memory(student, shaky, stability=1.0, last_review=NOON - timedelta(days=9), due=NOON)
    scope = bank_scope(student, bank)

    assert due_fact_ids(student, scope, NOON) == [shaky.id, solid.id]
    assert next_fact(student, scope, NOON).fact.id == shaky.id


def test_new_facts_follow_in_story_order_when_nothing_is_due(app, student):
    bank = make_study_bank(facts=3)
    first, second, _third = facts_of(bank)
    give_memory(student, first, due=NOON + timedelta(days=2))
    upcoming = next_fact(student, bank_scope(student, bank), NOON)
    assert upcoming.state is None
    assert upcoming.fact.id == second.id


def test_the_daily_new_limit_resets_at_the_learners_own_midnight(app):
    seoul = make_user(name="In Seoul")
    utc = make_user(name="In London")
    for learner in (seoul, utc):
        learner.daily_new_limit = 2
    seoul.time_zone = "Asia/Seoul"  # UTC+9: 14:30 UTC is 23:30 there
    db.session.commit()
    bank = make_study_bank(facts=4)
    late_evening = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)

    for learner in (seoul, utc):
        scope = bank_scope(learner, bank)
        for minute in range(2):
            item = current_study_item(learner, scope, late_evening + timedelta(minutes=minute))
            assert item.fact.key == f"fact-{minute + 1}"
            answer_right(learner, item, late_evening + timedelta(minutes=minute))
        assert new_left_today(learner, late_evening + timedelta(minutes=2)) == 0
        # Nothing due and no new fact left: the session is over for today.
        assert next_fact(learner, scope, late_evening + timedelta(minutes=3)) is None

    after_seoul_midnight = datetime(2026, 3, 2, 15, 5, tzinfo=UTC)  # 00:05 in Seoul
    assert new_left_today(seoul, after_seoul_midnight) == 2
    assert new_left_today(utc, after_seoul_midnight) == 0
    after_london_midnight = datetime(2026, 3, 3, 0, 5, tzinfo=UTC)
    assert new_left_today(utc, after_london_midnight) == 2


def test_when_nothing_is_due_the_summary_says_when_the_next_review_is(app, student):
    bank = make_study_bank(facts=1)
    fact = facts_of(bank)[0]
    give_memory(student, fact, due=NOON + timedelta(days=3))
    counts = summary(student, bank_scope(student, bank), NOON)
    assert counts.due_now == 0
    assert counts.new_left == 0  # no unseen fact left in the bank
    assert counts.next_due == NOON + timedelta(days=3)


def test_learning_ahead_serves_the_fact_due_soonest(app, student):
    bank = make_study_bank(facts=2)
    later, sooner = facts_of(bank)
    answered = NOON - timedelta(days=2)  # on an earlier day: today's answers come last
    give_memory(student, later, due=NOON + timedelta(days=5), last_review=answered)
    give_memory(student, sooner, due=NOON + timedelta(days=1), last_review=answered)
    scope = bank_scope(student, bank)
    assert next_fact(student, scope, NOON) is None
    assert next_fact(student, scope, NOON, ahead=True).fact.id == sooner.id


def test_learning_ahead_goes_round_the_facts_not_back_to_the_one_just_answered(app, student):
    """A fact learned ahead waits its days again from now, often still the soonest due:
    learning ahead served it again and again (the same card 30 times in a row). Facts
    answered today come after the others, the one answered longest ago first."""
    bank = make_study_bank(facts=3, kinds=("multiple_choice",))
    first, second, third = facts_of(bank)
    for fact, days in ((first, 2), (second, 25), (third, 30)):
        give_memory(
            student, fact, due=NOON + timedelta(days=days), last_review=NOON - timedelta(days=3)
        )
    scope = bank_scope(student, bank)
    served = []
    for minute in range(4):
        item = current_study_item(student, scope, NOON + timedelta(minutes=minute), ahead=True)
        served.append(item.fact.id)
        answer_right(student, item, NOON + timedelta(minutes=minute))
    assert served == [first.id, second.id, third.id, first.id]


def test_retired_facts_and_banks_the_learner_cannot_see_are_never_served(app, student):
    owner = make_user(role="teacher")
    hidden = make_study_bank(facts=1, owner=owner)
    visible = make_study_bank(facts=2)
    retired, kept = facts_of(visible)
    retired.active = False
    db.session.commit()
    give_memory(student, facts_of(hidden)[0], due=NOON - timedelta(days=1))

    scope = bank_scope(student)
    assert due_fact_ids(student, scope, NOON) == []
    assert next_fact(student, scope, NOON).fact.id == kept.id


def test_a_fact_without_an_active_question_is_skipped(app, student):
    bank = make_study_bank(facts=2, kinds=("typed",))
    first, second = facts_of(bank)
    for question in first.questions:
        question.active = False
    db.session.commit()
    assert next_fact(student, bank_scope(student, bank), NOON).fact.id == second.id


def test_a_fact_forgotten_minutes_ago_is_asked_again_before_the_session_ends(app, student):
    """As Anki's learn-ahead limit: a fact answered wrong a few minutes before (back in
    10) ended the session when nothing else was left ("Your next review is in 8 min"), and
    a learner who left then met it again only the next day. With nothing else left, a
    fact in a same-day step due within 20 minutes is asked now; a later one still waits."""
    bank = make_study_bank(facts=3)
    new, forgotten, later = facts_of(bank)
    relearning = {"state": 3, "step": 0, "stability": 0.5, "last_review": NOON}
    give_memory(student, forgotten, due=NOON + timedelta(minutes=8), **relearning)
    give_memory(student, later, due=NOON + timedelta(hours=2), **relearning)
    scope = bank_scope(student, bank)
    assert summary(student, scope, NOON).position() == (1, 2)

    item = current_study_item(student, scope, NOON)
    assert item.fact.id == new.id  # what is due or new comes first
    answer_right(student, item, NOON)
    item = current_study_item(student, scope, NOON + timedelta(minutes=1))
    assert item.fact.id == forgotten.id
    answer_right(student, item, NOON + timedelta(minutes=1))
    assert next_fact(student, scope, NOON + timedelta(minutes=2)) is None


def test_yesterdays_reviews_due_minutes_from_now_are_asked_before_the_session_ends(app, student):
    """A learner who studies at two each afternoon found each day's session end on "Your
    next review is in 3 min (at 14:04). 4 facts come back later today": the facts
    answered a few minutes into yesterday's session were due a few minutes after today's
    began. Anki counts them due today; with nothing else left they are asked now."""
    bank = make_study_bank(facts=2)
    soon, tomorrow = facts_of(bank)
    yesterday = NOON - timedelta(days=1)
    give_memory(student, soon, last_review=yesterday, due=NOON + timedelta(minutes=4))
    give_memory(student, tomorrow, last_review=yesterday, due=NOON + timedelta(days=1))
    scope = bank_scope(student, bank)
    assert summary(student, scope, NOON).position() == (1, 1)
    assert next_fact(student, scope, NOON).fact.id == soon.id
