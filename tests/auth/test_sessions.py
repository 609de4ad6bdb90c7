"""Sessions the server can end: log-out, password change, "log out everywhere", expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from quizapp.auth.accounts import load_user
from quizapp.auth.sessions import LOGGED_IN_AT_KEY, SEEN_AT_KEY
from quizapp.extensions import db
from quizapp.models import User
from quizapp.timeutil import now_utc
from tests.support.clients import AuthActions, CSRFClient
from tests.support.progress_fixtures import counting_statements

PROTECTED = "/progress/"


def copy_of_cookie(app: Flask, client: CSRFClient) -> CSRFClient:
    """A second browser holding a copy of ``client``'s session cookie, as a thief would."""
    cookie = client.get_cookie("session")
    assert cookie is not None, "the client is logged in"
    thief: CSRFClient = app.test_client()  # type: ignore[assignment]
    thief.set_cookie("session", cookie.value)
    return thief


def opens_protected_page(client: CSRFClient) -> bool:
    response = client.get(PROTECTED)
    return response.status_code == 200


def change_password(client: CSRFClient, current: str, new: str, confirm: str | None = None) -> Any:
    return client.post(
        "/auth/account/password",
        data={"current": current, "password": new, "confirm": new if confirm is None else confirm},
        follow_redirects=True,
    )


def test_a_cookie_copied_before_log_out_no_longer_opens_progress(
    app: Flask, student_client, auth
) -> None:
    thief = copy_of_cookie(app, student_client)
    assert opens_protected_page(thief)

    auth.logout()

    assert not opens_protected_page(thief)
    assert "/auth/login" in thief.get(PROTECTED).headers["Location"]


def test_log_out_everywhere_ends_this_and_every_copied_session(app: Flask, student_client) -> None:
    thief = copy_of_cookie(app, student_client)

    response = student_client.post("/auth/account/logout-everywhere")

    assert "/auth/login" in response.headers["Location"]
    assert not opens_protected_page(student_client)
    assert not opens_protected_page(thief)


def test_changing_the_password_keeps_this_browser_and_ends_the_others(
    app: Flask, student_client, student
) -> None:
    other_device = copy_of_cookie(app, student_client)

    response = change_password(student_client, "correct horse", "new battery staple")

    assert "Your password is changed" in response.get_data(as_text=True)
    assert opens_protected_page(student_client)
    assert not opens_protected_page(other_device)
    assert (
        AuthActions(app.test_client()).login(student.email, "new battery staple").status_code == 302
    )
    assert AuthActions(app.test_client()).login(student.email, "correct horse").status_code == 200


def _password_form_sent_twice(app: Flask, client, new: str = "new battery staple") -> Any:
    """The form sent twice without JavaScript: the second click leaves before the first
    answer's cookie arrives, so it carries the session and page token of before."""
    token = client.csrf_token()
    before = copy_of_cookie(app, client)
    form = {"current": "correct horse", "password": new, "confirm": new, "csrf_token": token}
    first = client.post("/auth/account/password", data=form)
    assert first.status_code == 302, first.get_data(as_text=True)
    # csrf=False: the page's own token is in the form; the client would fetch a new one
    return before.post("/auth/account/password", data=form, csrf=False), before


def test_changing_the_password_twice_in_a_row_keeps_this_browser_logged_in(
    app: Flask, student_client, student
) -> None:
    response, browser = _password_form_sent_twice(app, student_client)

    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/account"
    page = browser.get("/auth/account").get_data(as_text=True)
    assert "Your password is changed. Other devices are logged out." in page
    assert opens_protected_page(browser)
    assert (
        AuthActions(app.test_client()).login(student.email, "new battery staple").status_code == 302
    )


def test_an_old_cookie_cannot_come_back_with_a_wrong_new_password(
    app: Flask, student_client
) -> None:
    token = student_client.csrf_token()
    other_device = copy_of_cookie(app, student_client)
    change_password(student_client, "correct horse", "new battery staple")
    guess = {"current": "correct horse", "password": "a guess at it", "confirm": "a guess at it"}
    response = other_device.post(
        "/auth/account/password", data={**guess, "csrf_token": token}, csrf=False
    )
    assert "/auth/login" in response.headers["Location"]
    assert not opens_protected_page(other_device)


def test_an_old_cookie_cannot_come_back_after_the_moment_of_the_change(
    app: Flask, student_client, student, monkeypatch
) -> None:
    token = student_client.csrf_token()
    other_device = copy_of_cookie(app, student_client)
    change_password(student_client, "correct horse", "new battery staple")
    later = datetime.now(UTC) + timedelta(minutes=10)
    monkeypatch.setattr("quizapp.auth.accounts.now_utc", lambda: later)
    form = {"current": "correct horse", "password": "new battery staple"}
    response = other_device.post(
        "/auth/account/password",
        data={**form, "confirm": form["password"], "csrf_token": token},
        csrf=False,
    )
    assert "/auth/login" in response.headers["Location"]


def test_a_wrong_current_password_changes_nothing(app: Flask, student_client, student) -> None:
    other_device = copy_of_cookie(app, student_client)

    response = change_password(student_client, "wrong guess!", "new battery staple")

    assert response.status_code == 200
    assert "current password is not right" in response.get_data(as_text=True)
    assert opens_protected_page(other_device)
    assert AuthActions(app.test_client()).login(student.email).status_code == 302


def test_a_new_password_the_same_as_the_current_one_is_refused(app: Flask, student_client) -> None:
    """Before, it said "Your password is changed" and logged out every other device."""
    other_device = copy_of_cookie(app, student_client)

    response = change_password(student_client, "correct horse", "correct horse")

    page = response.get_data(as_text=True)
    assert "That is your current password; choose a new one." in page
    assert "Your password is changed" not in page
    assert opens_protected_page(other_device)


def _age_session(client: CSRFClient, *, logged_in_days: float, seen_days: float) -> None:
    now = now_utc()
    with client.session_transaction() as session:
        session[LOGGED_IN_AT_KEY] = (now - timedelta(days=logged_in_days)).timestamp()
        session[SEEN_AT_KEY] = (now - timedelta(days=seen_days)).timestamp()


@pytest.mark.parametrize(
    ("logged_in_days", "seen_days", "still_open"),
    [
        (13, 13, True),  # used 13 days ago: within the 14 idle days
        (15, 15, False),  # idle for 15 days
        (29, 1, True),  # in use, 29 days after log-in
        (31, 0, False),  # in use, but past the 30 days of the absolute lifetime
    ],
)
def test_sessions_expire_after_the_idle_time_and_the_absolute_lifetime(
    student_client, logged_in_days: float, seen_days: float, still_open: bool
) -> None:
    _age_session(student_client, logged_in_days=logged_in_days, seen_days=seen_days)
    assert opens_protected_page(student_client) is still_open


def test_both_limits_come_from_the_settings(app: Flask, student_client) -> None:
    app.config.update(SESSION_IDLE_DAYS=1, SESSION_MAX_DAYS=3)
    _age_session(student_client, logged_in_days=2, seen_days=0.5)
    assert opens_protected_page(student_client)
    _age_session(student_client, logged_in_days=2, seen_days=1.5)
    assert not opens_protected_page(student_client)
    AuthActions(student_client).login()
    _age_session(student_client, logged_in_days=3.5, seen_days=0)
    assert not opens_protected_page(student_client)


def test_using_the_session_keeps_it_alive(student_client) -> None:
    _age_session(student_client, logged_in_days=10, seen_days=10)
    assert opens_protected_page(student_client)
    with student_client.session_transaction() as session:
        assert now_utc().timestamp() - session[SEEN_AT_KEY] < 60


def test_checking_the_session_costs_no_sql_beyond_loading_the_user(
    app: Flask, student_client, student
) -> None:
    student_id = student.id
    with student_client.session_transaction() as session:
        cookie_session = dict(session)
    with app.test_request_context():
        from flask import session

        session.update(cookie_session)
        db.session.rollback()
        with counting_statements() as plain_load:
            assert db.session.get(User, student_id) is not None
        db.session.rollback()
        db.session.expunge_all()
        with counting_statements() as checked_load:
            assert load_user(str(student_id)) is not None
    assert len(checked_load) == len(plain_load)


def test_log_out_pressed_on_a_page_opened_before_a_password_change_logs_out(
    app: Flask, student_client
) -> None:
    """Probe: "Log out" in a tab opened before the password was changed in another tab
    answered "This form has expired" and left the browser logged in (a shared computer's
    next user would find the account open)."""
    stale_token = student_client.csrf_token()
    change_password(student_client, "correct horse", "a brand new password")
    assert opens_protected_page(student_client)
    pressed = student_client.post(
        "/auth/logout",
        data={"csrf_token": stale_token},
        headers={"Origin": "http://localhost"},
        csrf=False,
    )
    assert pressed.status_code == 303
    assert "You are logged out." in student_client.get("/").get_data(as_text=True)
    assert not opens_protected_page(student_client)


def test_log_out_from_another_site_without_a_token_is_still_refused(
    app: Flask, student_client
) -> None:
    pressed = student_client.post(
        "/auth/logout", data={}, headers={"Origin": "https://evil.example"}, csrf=False
    )
    assert pressed.status_code == 400
    assert opens_protected_page(student_client)
