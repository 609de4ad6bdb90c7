""" "Study more new facts" after the day's new facts: one more batch of the learner's
daily limit, counted on the card ("3 of 4"), then the done page again, as Anki's
"increase today's new card limit" does; not every fact left in the bank at once."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from sqlalchemy import delete

from quizapp.extensions import db
from quizapp.models import MemoryState, Review
from quizapp.study.study_day import study_day_key
from quizapp.timeutil import day_bounds, now_utc
from tests.study.test_session_end import limit_met, study_all_new

MORE_LINK = re.compile(r'href="(/study/\?more=\d+[^"]*)"[^>]*>Study more new facts')
POSITION = re.compile(r"(\d+) of (\d+)")


def the_days_limit_met(client, student) -> str:
    """A learner with a daily limit of 2 and 7 new facts meets their 2; the done page's
    "Study more new facts" link."""
    return MORE_LINK.search(limit_met(client, student, limit=2, facts=7)).group(1)


def test_study_more_serves_one_more_batch_and_counts_it(app, student_client, student):
    more = the_days_limit_met(student_client, student)
    card = student_client.get(more).get_data(as_text=True)
    assert POSITION.search(card).groups() == ("3", "4")
    assert study_all_new(student_client, more) == 2

    again = html.unescape(student_client.get(more).get_data(as_text=True))
    assert 'class="answer-form"' not in again, "the batch is done"
    next_batch = MORE_LINK.search(again).group(1)
    assert next_batch != more
    assert study_all_new(student_client, next_batch) == 2
    last = html.unescape(student_client.get(next_batch).get_data(as_text=True))
    assert MORE_LINK.search(last) is not None  # 1 fact is still new
    assert study_all_new(student_client, MORE_LINK.search(last).group(1)) == 1


def test_a_batch_after_the_limit_was_lowered_is_still_a_whole_batch(app, student_client, student):
    # Probe: 7 new facts met, then the daily limit set to 0: "Study more new facts" gave
    # 3 ("8 of 10"), the 7 already met counted against the batch as beyond the new limit.
    limit_met(student_client, student, limit=7, facts=20)
    student.daily_new_limit = 0
    db.session.commit()
    done = html.unescape(student_client.get("/study/").get_data(as_text=True))
    more = MORE_LINK.search(done).group(1)
    assert study_all_new(student_client, more) == 10  # a batch without a limit: 10


def test_a_batch_asked_for_yesterday_adds_nothing_to_a_new_day(app, student_client, student):
    """Studying on past midnight with yesterday's "Study more" link still open: the new
    day serves its own budget, then the done page offers more again; the old batch
    does not double the new day's new facts unasked."""
    more = the_days_limit_met(student_client, student)
    now = now_utc()
    today = study_day_key(student, now)
    assert f"day={today}" in more

    old_link = more.replace(
        f"day={today}", f"day={study_day_key(student, now - timedelta(days=1))}"
    )
    # As the new day would see it: no new fact met yet, a fresh budget of 2.
    db.session.execute(delete(Review))
    db.session.execute(delete(MemoryState))
    db.session.commit()
    card = student_client.get(old_link).get_data(as_text=True)
    assert POSITION.search(card).groups() == ("1", "2")


def test_a_batch_goes_on_past_midnight_while_a_carried_study_day_does(app, student_client, student):
    """After a time zone change the study day goes on past the new zone's midnight
    (``study_day``): a batch asked for before that midnight is still the same day's, so
    it is served after it, not dropped in the middle of the session."""
    now = now_utc()
    midnight, _ = day_bounds(now, student.time_zone)
    yesterday_start, _ = day_bounds(now - timedelta(days=1), student.time_zone)
    student.carried_day_start, student.carried_day_end = yesterday_start, now + timedelta(hours=2)
    db.session.commit()
    more = the_days_limit_met(student_client, student)
    # The link made now names the same day as one made before the calendar's midnight.
    assert f"day={study_day_key(student, midnight - timedelta(minutes=1))}" in more
    card = student_client.get(more).get_data(as_text=True)
    assert POSITION.search(card).groups() == ("3", "4")


def test_yesterdays_batch_adds_nothing_to_a_day_carried_back_by_a_move_west(
    app, student_client, student
):
    """Moving ten hours west carries today's study day back into what the new zone calls
    yesterday: a batch link from yesterday still names another day."""
    student.time_zone = "UTC"
    db.session.commit()
    now = now_utc()
    yesterdays_key = study_day_key(student, now - timedelta(days=1))
    student.time_zone = "Pacific/Honolulu"
    student.carried_day_start, _ = day_bounds(now, "UTC")
    student.carried_day_end = now + timedelta(hours=2)
    db.session.commit()
    more = the_days_limit_met(student_client, student)
    old_link = re.sub(r"day=[^&]+", f"day={yesterdays_key}", more)
    assert old_link != more
    page = student_client.get(old_link).get_data(as_text=True)
    assert 'class="answer-form"' not in page, "yesterday's batch served today"
