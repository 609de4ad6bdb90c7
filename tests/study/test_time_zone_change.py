"""Changing time zone moves the learner's day, never hands out a second day's new facts.

Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: the same instant is two
calendar days apart there, so a change between them is the largest jump a learner can
make. The clock is the ``now`` each call is given."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Fact
from quizapp.progress.learner import today_summary
from quizapp.progress.scope import learner_scope
from quizapp.study.issued_items import current_study_item
from quizapp.study.queue import bank_scope, new_left_today, next_fact, session_counts
from quizapp.study.settings import save_study_settings
from quizapp.study.summary import session_summary
from tests.study.test_queue import answer_right
from tests.support.factories import make_user
from tests.support.study_fixtures import give_memory, make_study_bank

KIRITIMATI = "Pacific/Kiritimati"
PAGO_PAGO = "Pacific/Pago_Pago"
MINUTE = timedelta(minutes=1)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def learner(app):
    """A learner allowed two new facts a day, with a bank of four."""
    user = make_user(name="Traveller")
    user.daily_new_limit = 2
    db.session.commit()
    make_study_bank(facts=4)
    return user


def move_to(user, time_zone: str, now: datetime) -> None:
    save_study_settings(user, 0.9, user.daily_new_limit, time_zone, False, now)


def meet_a_new_fact(user, now: datetime) -> None:
    """Study one new fact at ``now``: the day has spent some of its budget."""
    make_study_bank(facts=1, kinds=("multiple_choice",), slug="first-steps")
    answer_right(user, current_study_item(user, bank_scope(user), now), now)


def spend_the_days_new_facts(user, time_zone: str, now: datetime) -> None:
    move_to(user, time_zone, now - timedelta(days=3))  # long settled there
    scope = bank_scope(user)
    for minute in range(2):
        answer_right(user, current_study_item(user, scope, now + minute * MINUTE), now)
    assert new_left_today(user, now + 2 * MINUTE) == 0


def test_moving_east_just_past_the_new_zones_midnight_gives_no_new_facts(learner):
    # 22:00 on 2 March in Pago Pago; 23:30 there is 00:30 on 4 March in Kiritimati.
    spend_the_days_new_facts(learner, PAGO_PAGO, utc(3, 9))
    move_to(learner, KIRITIMATI, utc(3, 10, 30))

    assert new_left_today(learner, utc(3, 10, 31)) == 0
    assert next_fact(learner, bank_scope(learner), utc(3, 10, 31)) is None
    assert new_left_today(learner, utc(4, 9, 55)) == 0  # 23:55 on 4 March in Kiritimati
    assert new_left_today(learner, utc(4, 10, 5)) == 2  # the next midnight there


def test_moving_west_gives_no_new_facts_at_the_new_zones_first_midnight(learner):
    # 00:30 on 2 March in Kiritimati is 23:30 on 28 February in Pago Pago.
    spend_the_days_new_facts(learner, KIRITIMATI, utc(1, 10, 30))
    move_to(learner, PAGO_PAGO, utc(1, 10, 35))

    assert new_left_today(learner, utc(1, 11, 5)) == 0  # 00:05 on 1 March in Pago Pago
    assert new_left_today(learner, utc(2, 10, 55)) == 0
    assert new_left_today(learner, utc(2, 11, 5)) == 2  # 00:05 on 2 March in Pago Pago


def test_moving_there_and_back_gives_no_new_facts_either(learner):
    spend_the_days_new_facts(learner, PAGO_PAGO, utc(3, 9))
    move_to(learner, KIRITIMATI, utc(3, 10, 30))
    move_to(learner, PAGO_PAGO, utc(3, 10, 32))

    assert new_left_today(learner, utc(3, 10, 33)) == 0
    assert new_left_today(learner, utc(3, 23, 55)) == 0
    assert new_left_today(learner, utc(4, 11, 5)) == 2  # 00:05 on 4 March in Pago Pago


def test_saving_settings_without_moving_leaves_the_day_as_it_was(learner):
    spend_the_days_new_facts(learner, PAGO_PAGO, utc(3, 9))
    move_to(learner, PAGO_PAGO, utc(3, 10, 30))
    assert new_left_today(learner, utc(3, 11, 5)) == 2  # 00:05 on 3 March in Pago Pago


def test_a_learner_who_sets_their_zone_before_studying_keeps_its_midnight(learner):
    """Set to Kiritimati at 10:00 there, studied at noon: new facts come at its midnight."""
    move_to(learner, KIRITIMATI, utc(2, 20))
    scope = bank_scope(learner)
    for minute in range(2):
        moment = utc(2, 22) + minute * MINUTE
        answer_right(learner, current_study_item(learner, scope, moment), moment)
    assert new_left_today(learner, utc(3, 9, 55)) == 0
    assert new_left_today(learner, utc(3, 10, 5)) == 2


def test_the_settings_page_says_when_the_carried_day_ends(student_client, student, monkeypatch):
    meet_a_new_fact(student, utc(3, 10))
    monkeypatch.setattr("quizapp.study.routes.now_utc", lambda: utc(3, 10, 30))
    form = {"desired_retention": "0.9", "daily_new_limit": "10", "time_zone": KIRITIMATI}
    page = student_client.post("/study/settings", data=form, follow_redirects=True)
    text = page.get_data(as_text=True)
    # the UTC day it was ends at 14:00 there: its nearest midnight is the next one
    assert "Your study day now ends at 00:00 on Thu 05 Mar 2026 (Pacific/Kiritimati)" in text, text
    again = student_client.post("/study/settings", data=form, follow_redirects=True)
    assert "Your study day" not in again.get_data(as_text=True)  # no move, no sentence


def test_after_a_move_west_a_fact_due_tomorrow_is_not_said_to_come_back_later_today(learner):
    """Settled in Seoul, moved to London at 00:30 on 3 March there (15:30 on 2 March in
    London): the study day goes on to London's midnight after the 3rd, but a fact due at
    09:00 on the 3rd comes back tomorrow, as the done page's next review says, and as the
    home page counts it: not "1 fact comes back later today" beside that."""
    move_to(learner, "Asia/Seoul", utc(1, 0))
    move_to(learner, "Europe/London", utc(2, 15, 30))
    fact = db.session.scalar(select(Fact).order_by(Fact.position, Fact.id))
    give_memory(learner, fact, due=utc(3, 9), last_review=utc(2, 9))
    now = utc(2, 15, 35)
    scope = bank_scope(learner)

    summary = session_summary(learner, session_counts(learner, scope, now), scope, None, now)
    assert summary.next_review == "tomorrow morning (at 09:00)"
    assert summary.later_today == 0
    assert today_summary(learner_scope(learner), now).due_later_today == 0


def test_after_a_move_west_the_done_page_says_when_new_facts_really_come_back(learner):
    """Moved from Seoul to London at 15:30 on Monday 2 March there, the day's new facts
    spent: the study day goes on to 00:00 on Wednesday in London, so "2 more tomorrow"
    sent the learner back on Tuesday to find none."""
    spend_the_days_new_facts(learner, "Asia/Seoul", utc(2, 15, 10))
    move_to(learner, "Europe/London", utc(2, 15, 30))
    now = utc(2, 15, 35)
    scope = bank_scope(learner)

    summary = session_summary(learner, session_counts(learner, scope, now), scope, None, now)
    assert summary.new_facts == (
        "Today's 2 new facts are done; 2 more at 00:00 on Wed 04 Mar, when your study day ends."
    )
    tuesday = utc(3, 12)
    counts = session_counts(learner, scope, tuesday)
    summary = session_summary(learner, counts, scope, None, tuesday)
    assert summary.new_facts.endswith("; 2 more tomorrow.")


def test_a_learner_who_met_no_new_facts_yet_moves_without_carrying_the_day(learner):
    """An account an LMS made lives in UTC. At 19:00 on Thursday in Honolulu its owner
    takes their device's zone before studying: with nothing spent, there is no day to
    carry, and their Thursday ends at Honolulu's midnight. Carried to the midnight
    nearest the UTC day's end (Saturday 00:00 there), Friday had no new facts at all."""
    move_to(learner, "Pacific/Honolulu", utc(6, 5))
    assert learner.carried_day_end is None
    scope = bank_scope(learner)
    for minute in range(2):
        moment = utc(6, 5, 10) + minute * MINUTE
        answer_right(learner, current_study_item(learner, scope, moment), moment)
    assert new_left_today(learner, utc(6, 9, 55)) == 0  # 23:55 on Thursday there
    assert new_left_today(learner, utc(6, 10, 5)) == 2  # 00:05 on Friday there
