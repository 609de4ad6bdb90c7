"""A learner whose account lives in another time zone than their device (an account an
LMS or an administrator made, in UTC) is offered the device's zone on their home page:
otherwise a student in Seoul has days that end at 09:00 in the morning, and never knows
why new facts come back then."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User
from tests.study.test_time_zone_change import meet_a_new_fact


def zone_of(user: User) -> str | None:
    """The zone stored now (the test's own copy of the user may be older)."""
    return db.session.scalar(select(User.time_zone).where(User.id == user.id))


OFFER = re.compile(r"<form[^>]*data-zone-offer[^>]*>", re.DOTALL)


def test_the_home_page_carries_the_offer_hidden_for_the_script_to_show(student_client, student):
    page = student_client.get("/").get_data(as_text=True)
    offer = OFFER.search(page)
    assert offer, "the home page carries the offer"
    assert 'action="/study/time-zone"' in offer.group()
    assert 'data-account-zone="UTC"' in offer.group()
    assert " hidden" in offer.group()  # shown only by the script, when the zones differ
    assert "time-zone.js" in page


def test_using_the_devices_zone_moves_the_learner_and_says_when_their_day_ends(
    student_client, student, monkeypatch
):
    meet_a_new_fact(student, datetime(2026, 3, 2, 2, 50, tzinfo=UTC))
    monkeypatch.setattr("quizapp.study.routes.now_utc", lambda: datetime(2026, 3, 2, 3, tzinfo=UTC))
    response = student_client.post("/study/time-zone", data={"time_zone": "asia/seoul"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    assert zone_of(student) == "Asia/Seoul"
    # 12:00 in Seoul, a new fact met today: the UTC day goes on to Seoul's next midnight.
    page = html.unescape(student_client.get("/").get_data(as_text=True))
    assert "Your days now follow Asia/Seoul." in page
    assert "Your study day now ends at 00:00 on Tue 03 Mar 2026 (Asia/Seoul)" in page


def test_an_unknown_zone_changes_nothing_and_says_so(student_client, student):
    response = student_client.post(
        "/study/time-zone", data={"time_zone": "Mars/Olympus"}, follow_redirects=True
    )
    assert "Unknown time zone" in response.get_data(as_text=True)
    assert zone_of(student) == "UTC"


def test_the_offer_needs_the_forms_token(student_client, student):
    response = student_client.post("/study/time-zone", data={"time_zone": "Asia/Seoul"}, csrf=False)
    assert response.status_code == 400
    assert zone_of(student) == "UTC"


def test_the_study_page_with_nothing_to_study_carries_the_offer_too(student_client, student):
    """A learner an LMS launches straight into study sessions may never open the home
    page: the page that ends each session offers the device's zone as well."""
    page = student_client.get("/study/").get_data(as_text=True)
    assert "Nothing to study now" in page
    assert OFFER.search(page)
    assert "time-zone.js" in page
