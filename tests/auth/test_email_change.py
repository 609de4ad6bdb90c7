"""Changing the email an account logs in with, from the account page.

The password confirms it; a wrong password, a taken email or a malformed one changes
nothing and says why under the field. (An account the LMS made changes its made-up
address once it has set a password: ``tests/lti/test_lms_only_accounts.py``.)"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from quizapp.auth.accounts import EMAIL_UNAVAILABLE
from quizapp.extensions import db
from quizapp.models import User
from tests.support.clients import AuthActions
from tests.support.factories import make_user

PASSWORD = "correct horse"


def change_email(client: Any, email: str, password: str = PASSWORD) -> Any:
    return client.post("/auth/account/email", data={"email": email, "current_password": password})


def email_of(user_id: int) -> str:
    db.session.rollback()
    return db.session.scalar(select(User.email).where(User.id == user_id)) or ""


def test_a_learner_changes_their_email_and_logs_in_with_the_new_one(app, student_client, student):
    response = change_email(student_client, "  Sam.New@Example.org ")
    assert response.status_code == 302, response.get_data(as_text=True)
    page = student_client.get("/auth/account").get_data(as_text=True)
    assert "Your email is changed: log in with sam.new@example.org" in page
    assert "Logged in as <strong>sam.new@example.org</strong>" in page
    assert email_of(student.id) == "sam.new@example.org"
    # The old address logs in no more; the new one, with the same password, does.
    fresh = app.test_client()
    assert AuthActions(fresh).login("student@example.org").status_code == 200
    assert AuthActions(fresh).login("SAM.NEW@example.org").status_code == 302


def test_a_wrong_password_changes_nothing_and_says_so_under_its_field(student_client, student):
    response = change_email(student_client, "sam.new@example.org", "not my password")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="current_password-error"' in page
    assert "That is not your password. Your email is unchanged." in page
    assert email_of(student.id) == "student@example.org"


def test_a_taken_email_is_refused_without_saying_whose_it_is(student_client, student):
    make_user(email="taken@example.org", name="Someone Else")
    response = change_email(student_client, "Taken@example.org")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and EMAIL_UNAVAILABLE in page
    assert "Someone Else" not in page
    assert email_of(student.id) == "student@example.org"


def test_a_malformed_email_is_refused(student_client, student):
    for typed, message in (
        ("not an email", "Invalid email address."),
        ("x" * 250 + "@example.org", "Field cannot be longer than 254 characters."),
        ("", "This field is required."),
    ):
        page = change_email(student_client, typed).get_data(as_text=True)
        assert 'id="email-error"' in page and message in page, typed
    assert email_of(student.id) == "student@example.org"


def test_the_form_needs_its_csrf_token(student_client, student):
    response = student_client.post(
        "/auth/account/email",
        data={"email": "sam.new@example.org", "current_password": PASSWORD},
        csrf=False,
    )
    assert response.status_code == 400
    assert email_of(student.id) == "student@example.org"


def test_a_visitor_is_sent_to_log_in(client, student):
    response = client.post(
        "/auth/account/email", data={"email": "x@example.org", "current_password": PASSWORD}
    )
    assert response.status_code == 303 and "/auth/login" in response.headers["Location"]
    assert email_of(student.id) == "student@example.org"


def test_the_form_sent_twice_changes_the_email_once_and_the_second_says_so(student_client, student):
    """Without scripts a second click is sent too; its answer is the one the browser
    shows, and it must not read as a failure."""
    assert change_email(student_client, "sam.new@example.org").status_code == 302
    again = change_email(student_client, "sam.new@example.org")
    assert again.status_code == 302
    page = student_client.get("/auth/account").get_data(as_text=True)
    assert "You already log in with sam.new@example.org." in page
    assert email_of(student.id) == "sam.new@example.org"
