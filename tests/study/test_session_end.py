"""The end of a session tells the truth (all facts met, or how many come tomorrow) with
a summary of the day; a class's study assignment comes first and has its own daily
budget of new facts."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from quizapp.extensions import db
from quizapp.models import Assignment, Enrollment
from quizapp.study.answers import Submission, submit_answer
from quizapp.study.issued_items import current_study_item
from quizapp.study.queue import bank_scope, next_fact
from quizapp.study.study_day import study_day
from quizapp.study.wording import (
    interval_label,
    when_in_words,
    when_in_words_and_time,
    when_label,
)
from quizapp.timeutil import day_bounds
from tests.support.factories import make_classroom, make_user
from tests.support.study_fixtures import NOON, facts_of, give_memory, make_study_bank

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def study_all_new(client, start: str = "/study/") -> int:
    """Answer (rightly) every item the session serves now; how many there were."""
    answered = 0
    while True:
        page = client.get(start).get_data(as_text=True)
        if 'class="answer-form"' not in page:  # the end of the session (its undo has a token)
            return answered
        match = TOKEN.search(page)
        client.post("/study/answer", data={"token": match.group(1), "choice": "0"})
        answered += 1


def limit_met(client, student, limit: int, facts: int) -> str:
    """A learner with a daily limit of ``limit`` new facts meets them all in a bank of
    ``facts`` true/false facts; the done page then (unescaped)."""
    student.daily_new_limit = limit
    db.session.commit()
    make_study_bank(facts=facts, kinds=("true_false",))
    assert study_all_new(client) == limit
    return html.unescape(client.get("/study/").get_data(as_text=True))


def figures_of(page: str) -> dict[str, str]:
    """The done page's figures, by label."""
    return dict(re.findall(r'stat-label">([^<]+)</dt><dd class="stat-value">([^<]+)<', page))


def test_after_meeting_every_fact_the_summary_says_so(app, student_client):
    make_study_bank(facts=2, kinds=("true_false",))  # "true" is option 0: always right
    assert study_all_new(student_client) == 2
    page = student_client.get("/study/").get_data(as_text=True)
    assert "You have met all 2 facts of your banks." in page
    assert figures_of(page) == {
        "Items done": "2",
        "Answered right": "100%",
        "New facts met today": "2",
        "Streak": "1 day",
    }
    # A right first answer waits days (fsrs's first Good stability, 2.3 days, rounded).
    assert re.search(r"Your next review is <strong>in 2 days</strong>", page)
    for choice in ("Take a quiz", "Done for today"):
        assert choice in page
    assert "Study more new facts" not in page  # none left to meet


def test_when_todays_new_facts_are_used_up_the_page_says_how_many_come_tomorrow(
    app, student_client, student
):
    page = limit_met(student_client, student, limit=2, facts=5)
    assert "Today's 2 new facts are done; 2 more tomorrow." in page
    assert "Study more new facts" in page
    more = student_client.get("/study/?more=1").get_data(as_text=True)
    assert 'class="answer-form"' in more, "studying more new facts goes beyond today's limit"


def test_a_banks_done_page_counts_that_banks_facts_learned_like_its_items(app, student_client):
    """Studying one bank after another, each bank's summary counts its own day: the facts
    learned today beside the items done, not every bank's new facts beside one bank's
    items (which read "Items done 2, New facts met today 5")."""
    first = make_study_bank(facts=3, kinds=("true_false",), slug="first", title="First")
    second = make_study_bank(facts=2, kinds=("true_false",), slug="second", title="Second")
    assert study_all_new(student_client, f"/study/?bank={first.slug}") == 3
    assert study_all_new(student_client, f"/study/?bank={second.slug}") == 2
    page = student_client.get(f"/study/?bank={second.slug}").get_data(as_text=True)
    figures = figures_of(page)
    assert (figures["Items done"], figures["New facts met today"]) == ("2", "2")
    everything = figures_of(student_client.get("/study/").get_data(as_text=True))
    assert (everything["Items done"], everything["New facts met today"]) == ("5", "5")


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (datetime(2026, 3, 2, 12, 20, tzinfo=UTC), "in 20 min"),
        (datetime(2026, 3, 2, 19, 0, tzinfo=UTC), "this evening"),
        (datetime(2026, 3, 3, 8, 0, tzinfo=UTC), "tomorrow morning"),
        (datetime(2026, 3, 5, 15, 0, tzinfo=UTC), "in 3 days"),
        (datetime(2026, 4, 14, 9, 0, tzinfo=UTC), "on 14 April 2026"),
    ],
)
def test_the_next_review_is_told_in_words(due, words):
    assert when_in_words(due, NOON, "UTC") == words


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (datetime(2026, 3, 2, 12, 20, tzinfo=UTC), "in 20 min (at 12:20)"),
        (datetime(2026, 3, 2, 19, 0, tzinfo=UTC), "this evening (at 19:00)"),
        (datetime(2026, 3, 3, 8, 5, tzinfo=UTC), "tomorrow morning (at 08:05)"),
        (datetime(2026, 3, 5, 15, 0, tzinfo=UTC), "in 3 days"),
    ],
)
def test_a_review_today_or_tomorrow_is_told_with_its_clock_time(due, words):
    assert when_in_words_and_time(due, NOON, "UTC") == words


def _pinned_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Noon for the pages: a fact due later today is then hours away, never within the
    minutes a session asks ahead (``queue.LEARN_AHEAD``), whenever the suite runs."""
    for module in ("quizapp.study.routes", "quizapp.main.routes"):
        monkeypatch.setattr(f"{module}.now_utc", lambda: NOON)
    return NOON


def test_the_study_page_and_the_home_page_agree_on_what_is_due_now_and_later_today(
    app, student_client, student, monkeypatch
):
    """The home page said "Reviews due 1" (by the end of the day) while the study page,
    which serves only what is due now, said "Nothing to study now"."""
    bank = make_study_bank(facts=1, kinds=("true_false",))
    now = _pinned_clock(monkeypatch)
    later_today = now + (day_bounds(now, student.time_zone)[1] - now) / 2
    give_memory(student, facts_of(bank)[0], due=later_today)

    home = student_client.get("/").get_data(as_text=True)
    assert "Reviews due now</dt><dd>0</dd>" in home
    assert '<dd class="figure-note">1 more later today</dd>' in home
    page = student_client.get("/study/").get_data(as_text=True)
    assert "Nothing to study now" in page
    assert re.search(
        r"No review is due now\. Your next review is <strong>(in \d+ min|this \w+) "
        r"\(at \d\d:\d\d\)</strong>",
        page,
    )


def test_a_review_due_in_minutes_counts_as_due_now_on_the_home_page_as_the_session_asks_it(
    app, student_client, student, monkeypatch
):
    """The session asks a fact due within minutes once nothing else is left, and the Study
    link counted it, while the home page said "Reviews due now 0", "1 more later today"."""
    bank = make_study_bank(facts=1, kinds=("true_false",))
    now = _pinned_clock(monkeypatch)
    give_memory(student, facts_of(bank)[0], due=now + timedelta(minutes=5))

    home = student_client.get("/").get_data(as_text=True)
    assert "Reviews due now</dt><dd>1</dd>" in home
    assert "more later today" not in home
    assert "Nothing to study now" not in student_client.get("/study/").get_data(as_text=True)


def test_the_done_page_counts_the_facts_that_come_back_later_today(
    app, student_client, student, monkeypatch
):
    """As Anki shows the cards still to learn today: two facts come back before the study
    day ends (the next one named with its time), a third tomorrow, and a fourth later
    today but in another bank, which a bank's own done page leaves out."""
    bank = make_study_bank(facts=3, kinds=("true_false",))
    other = make_study_bank(facts=1, kinds=("true_false",), slug="other")
    now = _pinned_clock(monkeypatch)
    end = study_day(student, now)[1]
    first, second, tomorrow = facts_of(bank)
    give_memory(student, first, due=now + (end - now) / 3)
    give_memory(student, second, due=end - timedelta(seconds=1))
    give_memory(student, tomorrow, due=end + timedelta(hours=1))
    give_memory(student, facts_of(other)[0], due=end - timedelta(seconds=1))

    page = html.unescape(student_client.get("/study/").get_data(as_text=True))
    assert "Nothing to study now" in page
    assert "3 facts come back later today." in page
    one_bank = html.unescape(student_client.get(f"/study/?bank={bank.slug}").get_data(as_text=True))
    assert "2 facts come back later today." in one_bank


def _new_york(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    ("now", "due", "words"),
    [
        # Two and a half hours away, just past midnight: not after a night's sleep.
        (_new_york(2026, 3, 2, 22, 0), _new_york(2026, 3, 3, 0, 30), "tonight (at 00:30)"),
        (_new_york(2026, 3, 2, 12, 0), _new_york(2026, 3, 3, 3, 0), "tonight (at 03:00)"),
        # Still up after midnight: the small hours of today are tonight too.
        (_new_york(2026, 3, 3, 0, 10), _new_york(2026, 3, 3, 2, 0), "tonight (at 02:00)"),
        # From the small hours, the next night's are tomorrow night's.
        (_new_york(2026, 3, 3, 0, 10), _new_york(2026, 3, 4, 1, 0), "tomorrow night (at 01:00)"),
        (_new_york(2026, 3, 2, 22, 0), _new_york(2026, 3, 3, 5, 0), "tomorrow morning (at 05:00)"),
    ],
)
def test_a_review_in_the_small_hours_is_told_as_tonight_not_tomorrow_morning(now, due, words):
    """At 22:00 a fact due at 00:30 was "tomorrow morning (at 00:30)": read as after a
    night's sleep, when it comes back in two and a half hours."""
    assert when_in_words_and_time(due, now, "America/New_York") == words


def test_tomorrow_is_the_learners_own_tomorrow():
    # 23:00 UTC on 2 March is 08:00 on 3 March in Seoul.
    assert when_in_words(datetime(2026, 3, 2, 23, 0, tzinfo=UTC), NOON, "Asia/Seoul") == (
        "tomorrow morning"
    )


@pytest.mark.parametrize(
    ("now", "due", "words"),
    [
        # A day's wait over the night the clocks go forward is 23 hours: still a day.
        (
            _new_york(2026, 3, 7, 23, 30),
            _new_york(2026, 3, 8, 23, 30),
            "in 1 day (on Sun 08 Mar 2026)",
        ),
        # 35 hours from Monday 22:00 is Wednesday: two days on, not "1 day".
        (
            _new_york(2026, 3, 2, 22, 0),
            _new_york(2026, 3, 4, 9, 0),
            "in 2 days (on Wed 04 Mar 2026)",
        ),
        # 25 hours after 00:10 on the night the clocks go back is still that day.
        (_new_york(2026, 11, 1, 0, 10), _new_york(2026, 11, 1, 23, 50), "in 25 h (at 23:50)"),
        (_new_york(2026, 3, 2, 12, 0), _new_york(2026, 3, 2, 15, 0), "in 3 h (at 15:00)"),
        (
            _new_york(2026, 3, 2, 12, 0),
            _new_york(2026, 5, 2, 12, 0),
            "in 2 mo (on Sat 02 May 2026)",
        ),
    ],
)
def test_when_a_fact_comes_back_counts_the_learners_calendar_days(now, due, words):
    assert when_label(due, now, "America/New_York") == words


def test_the_clock_time_of_a_return_agrees_with_its_wait():
    """Due at 20:40:58, seen at 20:40:20: "in 1 min" is 20:41, not the 20:40 already on
    the clock; a due time on the minute stays that minute."""
    now = _new_york(2026, 3, 2, 20, 40) + timedelta(seconds=20)
    due = _new_york(2026, 3, 2, 20, 40) + timedelta(seconds=58)
    assert when_label(due, now, "America/New_York") == "in 1 min (at 20:41)"
    assert when_label(_new_york(2026, 3, 2, 20, 50), now, "America/New_York") == (
        "in 10 min (at 20:50)"
    )


@pytest.mark.parametrize(
    ("days", "words"), [(42, "1.4 mo"), (61, "2 mo"), (45, "1.5 mo"), (300, "9.9 mo")]
)
def test_a_wait_of_months_is_told_to_a_tenth_as_anki_does(days, words):
    assert interval_label(timedelta(days=days)) == words


@pytest.fixture
def assigned(app, student):
    """The student's own built-in bank, and a class bank assigned to them for study."""
    own = make_study_bank(facts=3, kinds=("multiple_choice",), slug="own", title="A own")
    teacher = make_user(role="teacher")
    class_bank = make_study_bank(
        facts=3, kinds=("multiple_choice",), slug="class", title="B class", owner=teacher
    )
    make_classroom(teacher, students=[student], banks=[class_bank])
    # Given and joined the day before the tests' NOON, as if the class had been there.
    db.session.execute(db.update(Assignment).values(created_at=NOON - timedelta(days=1)))
    db.session.execute(db.update(Enrollment).values(joined_at=NOON - timedelta(days=1)))
    db.session.commit()
    return own, class_bank


def answer_right(user, item, when):
    choice = item.choice_order.index(item.question.answer)
    submit_answer(user, item.token, Submission(choice=choice), when)


def test_a_class_assignments_facts_come_before_other_banks_facts(app, student, assigned):
    own, class_bank = assigned
    scope = bank_scope(student)
    assert next_fact(student, scope, NOON).fact.bank_id == class_bank.id  # new facts
    urgent = facts_of(own)[0]
    give_memory(student, urgent, stability=1.0, last_review=NOON - timedelta(days=30))
    give_memory(student, facts_of(class_bank)[0], stability=30.0, last_review=NOON)
    assert next_fact(student, scope, NOON).fact.bank_id == class_bank.id  # due facts too


def test_an_assignment_can_be_started_after_the_own_new_facts_are_spent(app, student, assigned):
    own, class_bank = assigned
    student.daily_new_limit = 1
    db.session.commit()
    db.session.execute(db.update(Assignment).values(daily_new_limit=2))
    db.session.commit()
    # The learner spends their own one new fact of the day on their own bank...
    answer_right(student, current_study_item(student, bank_scope(student, own), NOON), NOON)
    # ...and can still start what was assigned: its own budget of two a day.
    met = []
    for minute in range(1, 10):
        when = NOON + timedelta(seconds=minute)
        item = current_study_item(student, bank_scope(student), when)
        if item is None:
            break
        met.append(item.fact.bank_id)
        answer_right(student, item, when)
    assert met == [class_bank.id, class_bank.id]


def test_a_teacher_sets_a_study_assignments_daily_budget(app, teacher_client, teacher):
    classroom = make_classroom(teacher)
    bank = make_study_bank(facts=1, owner=teacher)
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert 'name="daily_new_limit"' in page
    teacher_client.post(
        f"/teach/classes/{classroom.id}/assignments",
        data={"bank_id": str(bank.id), "daily_new_limit": "5"},
    )
    limits = db.session.scalars(db.select(Assignment.daily_new_limit).order_by(Assignment.id))
    assert list(limits) == [5]
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "Study, 5 new facts a day" in page
    # Assigned for study again (the default budget): the one assignment takes it.
    teacher_client.post(
        f"/teach/classes/{classroom.id}/assignments", data={"bank_id": str(bank.id)}
    )
    limits = db.session.scalars(db.select(Assignment.daily_new_limit).order_by(Assignment.id))
    assert list(limits) == [10]
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "Study, 10 new facts a day" in page and "Study, 5 new facts a day" not in page


def test_with_a_daily_limit_of_0_the_page_says_no_new_facts_not_0_done(
    app, student_client, student
):
    student.daily_new_limit = 0
    db.session.commit()
    make_study_bank(facts=2, kinds=("true_false",))
    page = html.unescape(student_client.get("/study/").get_data(as_text=True))
    assert "Today's 0" not in page
    assert "No new facts today. Your daily limit of new facts is 0" in page
