"""A score whose gradebook column (line item) is on another site than the LMS's registered
ones (stored before such addresses were refused at launch) can never be sent: it stops
after one try instead of being retried for ever, the class page says why and what to do,
and it goes out once the link's launch brings an address on the LMS's site, or once the
administrator registers that site and the teacher tries it again.

A score whose gradebook column the LMS deleted (it answers 404 or 410) stops the same way
after a few tries, instead of being tried every 6 hours for ever."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from sqlalchemy import select
from werkzeug.wrappers import Response

from quizapp.extensions import db
from quizapp.lti.models import LtiResourceLink, LtiScore
from quizapp.lti.outbox import COLUMN_GONE_TRIES, SendReport, send_due_scores
from quizapp.lti.registration import register_platform
from quizapp.timeutil import now_utc

from .conftest import instructor, launch
from .test_grades import take_quiz


def the_score() -> LtiScore:
    db.session.expire_all()
    return db.session.scalars(select(LtiScore)).one()


def token_requests(lms) -> int:
    return len([path for _, path in lms.requests if path == "/token"])


def off_site_address(lms) -> str:
    """The same test LMS under another host name: another site than the registered one."""
    return lms.url.replace("127.0.0.1", "localhost")


def with_off_site_line_item(client, lms, quiz_link) -> int:
    """A finished quiz whose link kept an off-site line item; the class's id."""
    attempt = take_quiz(client, lms, quiz_link, right=2)
    link = db.session.scalars(select(LtiResourceLink)).one()
    link.line_item_url = off_site_address(lms) + "/lineitems/" + quiz_link["line_item"]
    db.session.commit()
    return attempt.assignment.classroom_id


@pytest.fixture
def teacher(app, lms, quiz_link):
    """The course's instructor, signed in by a launch of the link made before the score
    stopped (a launch of the link afterwards would bring its line item again)."""
    signed_in = app.test_client()
    launch(signed_in, lms, instructor(**quiz_link))
    return signed_in


def test_a_score_for_an_off_site_line_item_stops_after_one_try(client, lms, quiz_link):
    with_off_site_line_item(client, lms, quiz_link)
    now = now_utc()
    assert send_due_scores(now) == SendReport(sent=0, failed=0, stopped=1)
    for later in (timedelta(minutes=1), timedelta(hours=7), timedelta(days=30)):
        assert send_due_scores(now + later) == SendReport(sent=0, failed=0, stopped=0)
    score = the_score()
    assert (score.tries, score.sent_at, score.claimed_until) == (1, None, None)
    assert "is not on the LMS's registered sites" in score.last_error
    assert token_requests(lms) == 0  # no access token asked for a score that cannot go
    assert lms.scores == []


def test_the_class_page_says_a_score_stopped_and_how_to_recover(client, teacher, lms, quiz_link):
    classroom_id = with_off_site_line_item(client, lms, quiz_link)
    send_due_scores(now_utc())
    page = html.unescape(teacher.get(f"/teach/classes/{classroom_id}").get_data(as_text=True))
    assert "Scores sent to the LMS gradebook: 0; waiting: 0." in page
    assert "1 score stopped and will not be tried again on its own" in page
    assert "is not on the LMS's registered sites" in page
    assert "open the link from the LMS course again" in page
    assert "Try the stopped scores again" in page


def test_a_launch_bringing_the_lmss_own_line_item_sends_the_stopped_score(
    client, app, lms, quiz_link
):
    with_off_site_line_item(client, lms, quiz_link)
    now = now_utc()
    send_due_scores(now)
    launch(app.test_client(), lms, instructor(**quiz_link))  # the link's launch, on-site
    # Sent at the first run after the launch (which may take over a second on a busy machine).
    assert send_due_scores(now_utc() + timedelta(seconds=1)).sent == 1
    assert [(s.line_item, s.body["scoreGiven"]) for s in lms.scores] == [
        (quiz_link["line_item"], 2)
    ]
    assert the_score().sent_at is not None


def test_the_teacher_tries_stopped_scores_again_once_the_site_is_registered(
    client, teacher, lms, quiz_link
):
    classroom_id = with_off_site_line_item(client, lms, quiz_link)
    send_due_scores(now_utc())

    tried = teacher.post(f"/lti/classes/{classroom_id}/scores/retry", follow_redirects=True)
    assert "still on another site" in tried.get_data(as_text=True)
    assert send_due_scores(now_utc()) == SendReport(sent=0, failed=0, stopped=0)
    assert the_score().tries == 1

    register_platform(**lms.registration(), frame_origin=off_site_address(lms))
    tried = teacher.post(f"/lti/classes/{classroom_id}/scores/retry", follow_redirects=True)
    assert "1 stopped score will be sent again" in tried.get_data(as_text=True)
    assert send_due_scores(now_utc()).sent == 1
    assert [s.body["scoreGiven"] for s in lms.scores] == [2]


def score_posts(lms) -> int:
    return len([path for _, path in lms.requests if path.endswith("/scores")])


def delete_the_column(lms, quiz_link, status: int) -> None:
    """The LMS deleted the link's gradebook column: its scores address answers ``status``."""
    if status == 404:
        lms.line_items.pop(quiz_link["line_item"])
    else:
        lms.answers["scores"] = lambda request: Response("Gone", status=status)


def send_until_quiet(now) -> list[SendReport]:
    """Run the sender every 7 hours (past the longest wait) until a run has nothing to do."""
    reports = []
    while not reports or reports[-1] != SendReport(sent=0, failed=0, stopped=0):
        reports.append(send_due_scores(now))
        now += timedelta(hours=7)
        assert len(reports) < 50, "the score is tried for ever"
    return reports


@pytest.mark.parametrize("status", [404, 410])
def test_a_score_for_a_column_the_lms_deleted_stops_after_a_few_tries(
    client, lms, quiz_link, status
):
    take_quiz(client, lms, quiz_link, right=2)
    delete_the_column(lms, quiz_link, status)
    assert send_until_quiet(now_utc()) == [
        *[SendReport(sent=0, failed=1, stopped=0)] * (COLUMN_GONE_TRIES - 1),
        SendReport(sent=0, failed=0, stopped=1),
        SendReport(sent=0, failed=0, stopped=0),
    ]
    assert score_posts(lms) == COLUMN_GONE_TRIES
    score = the_score()
    assert (score.tries, score.sent_at, score.claimed_until) == (COLUMN_GONE_TRIES, None, None)
    assert "gradebook column is gone from the LMS" in score.last_error
    assert f"answered {status}" in score.last_error


def test_a_column_that_is_missing_for_a_moment_gets_the_score_once_it_is_back(
    client, lms, quiz_link
):
    take_quiz(client, lms, quiz_link, right=2)
    column = lms.line_items[quiz_link["line_item"]]
    delete_the_column(lms, quiz_link, 404)
    now = now_utc()
    assert send_due_scores(now).failed == 1
    lms.line_items[quiz_link["line_item"]] = column  # the course was restored
    assert send_due_scores(now + timedelta(hours=7)).sent == 1
    assert [s.body["scoreGiven"] for s in lms.scores] == [2]


def test_the_class_page_says_a_column_is_gone_and_the_score_goes_once_it_is_back(
    client, teacher, lms, quiz_link
):
    classroom_id = take_quiz(client, lms, quiz_link, right=2).assignment.classroom_id
    column = lms.line_items[quiz_link["line_item"]]
    delete_the_column(lms, quiz_link, 404)
    send_until_quiet(now_utc())

    page = html.unescape(teacher.get(f"/teach/classes/{classroom_id}").get_data(as_text=True))
    assert "1 score stopped and will not be tried again on its own" in page
    assert "gradebook column is gone from the LMS" in page
    assert "If the column comes back in the LMS" in page
    assert "register that site" not in page  # that advice is for columns on another site
    assert "Try the stopped scores again" in page

    lms.line_items[quiz_link["line_item"]] = column  # restored from the LMS's recycle bin
    tried = teacher.post(f"/lti/classes/{classroom_id}/scores/retry", follow_redirects=True)
    assert "1 stopped score will be sent again" in tried.get_data(as_text=True)
    assert send_due_scores(now_utc()).sent == 1
    assert [s.body["scoreGiven"] for s in lms.scores] == [2]
