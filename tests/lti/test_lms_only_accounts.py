"""Accounts the LMS made sign in through the LMS and have no password anyone knows.

Such an account may set a password of its own (in a session the LMS started, recently),
and confirms a deletion by typing what it deletes; once it has a password, every step
asks for it, as for any other account. A session started with a password never sets one
without the current password."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from quizapp.auth.accounts import authenticate
from quizapp.auth.lms_accounts import ACCOUNT_DELETION_PHRASE, LMS_VOUCH_WINDOW
from quizapp.extensions import db
from quizapp.lti import framing
from quizapp.lti.models import LtiUser
from quizapp.models import Bank, Classroom, User
from quizapp.timeutil import now_utc
from tests.auth.test_email_change import change_email, email_of
from tests.auth.test_sessions import copy_of_cookie
from tests.lti.conftest import instructor, launch, learner
from tests.support.clients import AuthActions, CSRFClient
from tests.support.factories import make_bank
from tests.support.lti_platform import TestPlatform

NEW_PASSWORD = "paper lantern river"
Signed = tuple[CSRFClient, User]


def launched(app: Flask, lms: TestPlatform, spec: Any) -> tuple[CSRFClient, User]:
    """A browser signed in by a launch of ``spec``, and the account the LMS made."""
    client: CSRFClient = app.test_client()  # type: ignore[assignment]
    assert launch(client, lms, spec).status_code == 302
    db.session.rollback()
    user = db.session.scalars(
        select(User).join(LtiUser, LtiUser.user_id == User.id).where(LtiUser.sub == spec.sub)
    ).one()
    return client, user


@pytest.fixture
def lms_learner(
    app: Flask, lms: TestPlatform, quiz_link: dict[str, Any]
) -> tuple[CSRFClient, User]:
    return launched(app, lms, learner(quiz_link))


@pytest.fixture
def lms_teacher(
    app: Flask, lms: TestPlatform, quiz_link: dict[str, Any]
) -> tuple[CSRFClient, User]:
    return launched(app, lms, instructor(**quiz_link))


def age_the_launch(client: CSRFClient, by: timedelta) -> None:
    """Make the LMS's word on this session ``by`` older."""
    with client.session_transaction() as session:
        marker = dict(session[framing.SESSION_KEY])
        marker["launched_at"] = (now_utc() - by).timestamp()
        session[framing.SESSION_KEY] = marker


def exists(model: type[User] | type[Classroom], row_id: int) -> bool:
    """Whether the row is still there (asked of the database, not the session's copy)."""
    db.session.rollback()
    return db.session.scalar(select(model.id).where(model.id == row_id)) is not None


def set_password(client: CSRFClient, password: str = NEW_PASSWORD) -> Any:
    return client.post("/auth/account/password", data={"password": password, "confirm": password})


def test_a_learner_from_the_lms_sets_a_password_and_can_then_log_in_with_it(lms_learner):
    client, user = lms_learner
    page = client.get("/auth/account").get_data(as_text=True)
    assert "Set a password" in page
    assert "Current password" not in page
    response = set_password(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "Your password is set" in client.get("/auth/account").get_data(as_text=True)
    db.session.rollback()
    assert authenticate(user.email, NEW_PASSWORD) is not None
    # From now on it is a password like any other: changing it asks for it.
    page = client.get("/auth/account").get_data(as_text=True)
    assert "Current password" in page
    assert set_password(client, "another long phrase").status_code == 200
    db.session.rollback()
    assert authenticate(user.email, NEW_PASSWORD) is not None


def test_setting_a_password_keeps_the_lms_frame_cookie(lms_learner):
    client, _ = lms_learner
    assert set_password(client).status_code == 302
    with client.session_transaction() as session:
        assert framing.SESSION_KEY in session


def test_a_stale_launch_must_be_repeated_before_setting_a_password(lms_learner):
    client, user = lms_learner
    age_the_launch(client, LMS_VOUCH_WINDOW + timedelta(minutes=1))
    response = set_password(client)
    assert response.status_code == 200
    assert "open quizapp from your course" in response.get_data(as_text=True).lower()
    db.session.rollback()
    assert authenticate(user.email, NEW_PASSWORD) is None


def test_a_mismatched_or_common_password_is_refused_and_changes_nothing(lms_learner):
    client, user = lms_learner
    mismatch = client.post(
        "/auth/account/password", data={"password": NEW_PASSWORD, "confirm": "something else"}
    )
    assert "The passwords do not match." in mismatch.get_data(as_text=True)
    assert "one of the 10,000 most common" in set_password(client, "password123").get_data(
        as_text=True
    )
    db.session.rollback()
    assert db.session.get(User, user.id).password_changed_at is None


def test_a_password_session_never_sets_a_password_without_the_current_one(client, student):
    AuthActions(client).login(student.email)
    page = client.get("/auth/account").get_data(as_text=True)
    assert "Current password" in page and "Set a password" not in page
    response = set_password(client)
    assert response.status_code == 200
    db.session.rollback()
    assert authenticate(student.email, NEW_PASSWORD) is None
    assert authenticate(student.email, "correct horse") is not None


def test_a_password_session_with_an_lms_marker_still_needs_the_current_one(client, student):
    """Even a session that somehow carries the LMS's marker: the account has a password."""
    AuthActions(client).login(student.email)
    with client.session_transaction() as session:
        session[framing.SESSION_KEY] = {
            "origin": "https://lms.example",
            "platform": 1,
            "launched_at": now_utc().timestamp(),
        }
    assert set_password(client).status_code == 200
    db.session.rollback()
    assert authenticate(student.email, NEW_PASSWORD) is None


def test_a_learner_from_the_lms_deletes_their_account_by_typing_the_phrase(lms_learner):
    client, user = lms_learner
    user_id = user.id
    page = client.get("/auth/account").get_data(as_text=True)
    assert ACCOUNT_DELETION_PHRASE in page
    wrong = client.post("/auth/account/delete", data={"confirm_name": "delete"})
    assert wrong.status_code == 200
    assert "Nothing was deleted" in wrong.get_data(as_text=True)
    assert exists(User, user_id)
    done = client.post(
        "/auth/account/delete", data={"confirm_name": f"  {ACCOUNT_DELETION_PHRASE.upper()} "}
    )
    assert done.status_code == 302
    db.session.rollback()
    assert not exists(User, user_id)


def test_a_stale_launch_cannot_delete_the_account_by_typing(lms_learner):
    client, user = lms_learner
    user_id = user.id
    age_the_launch(client, LMS_VOUCH_WINDOW + timedelta(minutes=1))
    response = client.post("/auth/account/delete", data={"confirm_name": ACCOUNT_DELETION_PHRASE})
    assert response.status_code == 200
    assert "open quizapp from your course" in response.get_data(as_text=True).lower()
    db.session.rollback()
    assert exists(User, user_id)


def test_once_a_password_is_set_deleting_the_account_asks_for_it(lms_learner):
    client, user = lms_learner
    user_id = user.id
    assert set_password(client).status_code == 302
    typed = client.post("/auth/account/delete", data={"confirm_name": ACCOUNT_DELETION_PHRASE})
    assert typed.status_code == 200
    db.session.rollback()
    assert exists(User, user_id)
    done = client.post("/auth/account/delete", data={"confirm_password": NEW_PASSWORD})
    assert done.status_code == 302
    db.session.rollback()
    assert not exists(User, user_id)


def the_class_of(teacher: User) -> Classroom:
    db.session.rollback()
    return db.session.scalars(select(Classroom).where(Classroom.teacher_id == teacher.id)).one()


def test_an_instructor_from_the_lms_deletes_the_class_by_typing_its_name(lms_teacher):
    client, teacher = lms_teacher
    room = the_class_of(teacher)
    room_id = room.id
    url = f"/teach/classes/{room_id}/delete"
    page = client.get(url).get_data(as_text=True)
    assert "History 101" in page and "Your password" not in page
    wrong = client.post(url, data={"confirm_name": "History"})
    assert wrong.status_code == 200
    assert "Nothing was deleted" in wrong.get_data(as_text=True)
    assert exists(Classroom, room_id)
    assert client.post(url, data={"confirm_name": "history 101"}).status_code == 302
    db.session.rollback()
    assert not exists(Classroom, room_id)


def test_an_instructor_from_the_lms_deletes_an_own_bank_by_typing_its_title(lms_teacher):
    client, teacher = lms_teacher
    make_bank(slug="mine", owner=teacher, title="My <b>own</b> bank")
    url = "/teach/banks/mine/delete"
    page = client.get(url).get_data(as_text=True)
    assert "My &lt;b&gt;own&lt;/b&gt; bank" in page and "<b>own</b>" not in page
    assert client.post(url, data={"confirm_name": "My bank"}).status_code == 200
    assert db.session.scalar(select(Bank.id).where(Bank.slug == "mine")) is not None
    assert client.post(url, data={"confirm_name": "My <b>own</b> bank"}).status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(Bank.id).where(Bank.slug == "mine")) is None


def test_a_stale_instructor_launch_cannot_delete_the_class_by_typing(lms_teacher):
    client, teacher = lms_teacher
    room = the_class_of(teacher)
    room_id, room_name = room.id, room.name
    age_the_launch(client, LMS_VOUCH_WINDOW + timedelta(minutes=1))
    response = client.post(f"/teach/classes/{room_id}/delete", data={"confirm_name": room_name})
    assert response.status_code == 200
    db.session.rollback()
    assert exists(Classroom, room_id)


def test_an_instructor_with_a_password_deletes_the_class_with_it(lms_teacher):
    client, teacher = lms_teacher
    assert set_password(client).status_code == 302
    room = the_class_of(teacher)
    room_id, room_name = room.id, room.name
    url = f"/teach/classes/{room_id}/delete"
    assert "Your password" in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"confirm_name": room_name}).status_code == 200
    assert client.post(url, data={"confirm_password": NEW_PASSWORD}).status_code == 302
    db.session.rollback()
    assert not exists(Classroom, room_id)


def test_the_set_password_form_sent_twice_keeps_this_browser_logged_in(app, lms_learner):
    """The second click carries the session the first one ended (no current password in
    the form): the new password recognises it, as for a change sent twice."""
    client, _ = lms_learner
    token = client.csrf_token()
    before = copy_of_cookie(app, client)
    form = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": token}
    assert client.post("/auth/account/password", data=form).status_code == 302
    again = before.post("/auth/account/password", data=form, csrf=False)
    assert again.status_code == 302
    assert again.headers["Location"].endswith("/auth/account")
    assert "Set a password" not in before.get("/auth/account").get_data(as_text=True)


def test_a_launch_marker_of_another_lms_does_not_vouch_for_the_account(lms_learner):
    client, user = lms_learner
    with client.session_transaction() as session:
        marker = dict(session[framing.SESSION_KEY])
        marker["platform"] = marker["platform"] + 1
        session[framing.SESSION_KEY] = marker
    assert set_password(client).status_code == 200
    db.session.rollback()
    assert authenticate(user.email, NEW_PASSWORD) is None


def test_an_lms_account_changes_its_made_up_email_once_it_has_a_password(lms_learner):
    client, user = lms_learner
    made_up = email_of(user.id)
    assert made_up.endswith("@lti.invalid")
    page = client.get("/auth/account").get_data(as_text=True)
    assert "Change email" not in page  # nothing to confirm it with yet
    refused = change_email(client, "kim@example.org", "")
    assert refused.status_code == 302 and email_of(user.id) == made_up
    assert set_password(client).status_code == 302
    assert "Change email" in client.get("/auth/account").get_data(as_text=True)
    assert change_email(client, "kim@example.org", NEW_PASSWORD).status_code == 302
    db.session.rollback()
    assert authenticate("kim@example.org", NEW_PASSWORD) is not None
