"""Password tries and new accounts are limited per client address, yet a class behind one
school address can log in, sign up and join at the start of a lesson.

Every test client here comes from the same address (127.0.0.1), as a school's students do
behind its router. The limits are set low (3 per account, 5 per address) to keep the
tests short; the defaults are 10 and 60 a minute."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Bank, Classroom, User
from tests.support.clients import AuthActions
from tests.support.databases import TEST_SETTINGS, running
from tests.support.factories import make_bank, make_classroom, make_user
from tests.support.races import in_thread

PASSWORD = "correct horse"


@pytest.fixture
def limited(database_url: str) -> Iterator[Flask]:
    app = create_app(
        {
            **TEST_SETTINGS,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "3 per minute",
            "LOGIN_ADDRESS_RATE_LIMIT": "5 per minute",
            "WTF_CSRF_ENABLED": False,  # these tests are about the limits alone
            "RATELIMIT_KEY_PREFIX": f"limits-{uuid.uuid4().hex}",  # no counts from other tests
        }
    )
    with running(app):
        yield app


def _log_in(app: Flask, email: str, password: str = PASSWORD) -> int:
    """A log-in from a fresh browser at the school's address."""
    return int(AuthActions(app.test_client()).login(email, password).status_code)


def _sign_up(app: Flask, email: str, password: str = PASSWORD) -> Any:
    return AuthActions(app.test_client()).signup(email=email, password=password, name="A")


def test_a_class_behind_one_address_logs_in_at_once(limited):
    students = [make_user(email=f"s{number}@school.example") for number in range(8)]
    assert [_log_in(limited, student.email) for student in students] == [302] * 8


def test_wrong_passwords_for_one_account_stop_that_account_only(limited):
    victim, classmate = make_user(email="victim@school.example"), make_user()
    tries = [_log_in(limited, victim.email, "wrong guess") for _ in range(4)]
    assert tries == [200, 200, 200, 429]
    assert _log_in(limited, victim.email) == 429  # the right password waits its minute too
    assert _log_in(limited, " VICTIM@school.example ", "wrong guess") == 429  # same account
    assert _log_in(limited, classmate.email) == 302


def test_guesses_sent_at_the_same_moment_are_held_to_the_accounts_limit(limited):
    """Every try at an account counts as it arrives: a burst sent at once cannot slip
    through before the refusals are counted."""
    email = make_user(email="victim@school.example").email
    db.session.rollback()  # the test's own transaction ends: on SQLite it would block them
    sending = [in_thread(limited, lambda: _log_in(limited, email, "wrong guess")) for _ in range(6)]
    for thread, _result in sending:
        thread.join(30)
    statuses = sorted(result[0] for _thread, result in sending)  # an error fails the sort
    assert statuses == [200, 200, 200, 429, 429, 429]


def test_one_password_tried_on_many_accounts_from_one_address_is_stopped(limited):
    accounts = [make_user(email=f"a{number}@school.example") for number in range(7)]
    tries = [_log_in(limited, account.email, "Summer2026!") for account in accounts]
    assert tries == [200] * 5 + [429] * 2


def test_a_class_signs_up_together_but_accounts_are_not_made_in_bulk(limited):
    answers = [_sign_up(limited, f"new{number}@school.example") for number in range(6)]
    assert [answer.status_code for answer in answers] == [302] * 5 + [429]


def test_guessing_a_password_through_sign_up_counts_with_the_log_ins(limited):
    """A sign-up naming a taken email checks its password, so both forms share the
    account's count."""
    taken = make_user(email="taken@school.example")
    tries = [_log_in(limited, taken.email, "wrong guess") for _ in range(2)]
    tries.append(_sign_up(limited, taken.email, "guess number three").status_code)
    tries.append(_sign_up(limited, taken.email, "guess number four").status_code)
    tries.append(_log_in(limited, taken.email, "guess number five"))
    assert tries == [200, 200, 200, 429, 429]


def test_a_class_joins_at_once_and_wrong_codes_are_still_limited(limited):
    teacher = make_user(role="teacher")
    make_classroom(teacher, name="Year 9", join_code="JOINCODE77")
    students = [make_user(email=f"j{number}@school.example") for number in range(35)]
    joined = []
    for student in students:
        client = limited.test_client()
        AuthActions(client).login(student.email)
        joined.append(client.post("/join/", data={"code": "JOINCODE77"}).status_code)
    assert joined == [302] * 35
    wrong = [client.post("/join/", data={"code": "NOSUCHCODE"}).status_code for _ in range(31)]
    assert wrong == [200] * 30 + [429]


def test_every_password_check_of_a_logged_in_teacher_shares_one_limit(limited):
    """Deleting a class, a bank or the account and changing the password all check the
    password: guesses spread over them count together, and once the limit is reached even
    the right password is refused with a plain message and nothing is deleted."""
    teacher = make_user(role="teacher", email="teacher@school.example")
    room_id = make_classroom(teacher, name="Year 9").id
    make_bank(slug="mine", owner=teacher)
    client = limited.test_client()
    AuthActions(client).login(teacher.email)

    for _ in range(5):  # opening the confirmation pages checks no password
        assert client.get(f"/teach/classes/{room_id}/delete").status_code == 200
        assert client.get("/teach/banks/mine/delete").status_code == 200
    guesses = [
        client.post(f"/teach/classes/{room_id}/delete", data={"confirm_password": "guess one"}),
        client.post("/teach/banks/mine/delete", data={"confirm_password": "guess two"}),
        client.post("/auth/account/delete", data={"confirm_password": "guess three"}),
    ]
    assert [answer.status_code for answer in guesses] == [200, 200, 200]

    refused = client.post(f"/teach/classes/{room_id}/delete", data={"confirm_password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many password tries" in refused.get_data(as_text=True)
    assert (
        client.post("/teach/banks/mine/delete", data={"confirm_password": PASSWORD}).status_code
        == 429
    )
    db.session.expire_all()
    assert db.session.get(Classroom, room_id) is not None
    assert db.session.scalar(select(Bank).where(Bank.slug == "mine")) is not None


@pytest.mark.parametrize("what", ["class", "bank"])
def test_wrong_passwords_for_deleting_a_class_or_bank_are_limited_per_account(limited, what):
    """Deleting asks for the password, so guesses there count like any password check;
    opening the confirmation page checks nothing and counts nothing."""
    teacher = make_user(email="owner@school.example", role="teacher")
    if what == "class":
        url = f"/teach/classes/{make_classroom(teacher, name='Year 9').id}/delete"
    else:
        url = f"/teach/banks/{make_bank(slug='mine', owner=teacher).slug}/delete"
    client = limited.test_client()
    AuthActions(client).login(teacher.email)
    assert [client.get(url).status_code for _ in range(4)] == [200] * 4
    guesses = [client.post(url, data={"confirm_password": "a guess"}).status_code for _ in range(4)]
    assert guesses == [200] * 3 + [429]


def test_password_guesses_through_the_email_form_count_with_the_others(limited):
    """The email form asks for the password too: it is no way round the limit."""
    student = make_user(email="learner@school.example")
    client = limited.test_client()
    AuthActions(client).login(student.email)
    email_form = {"email": "new@school.example", "current_password": "guess"}
    guesses = [
        client.post("/auth/account/email", data=email_form),
        client.post("/auth/account/delete", data={"confirm_password": "guess two"}),
        client.post("/auth/account/email", data=email_form),
    ]
    assert [answer.status_code for answer in guesses] == [200, 200, 200]
    refused = client.post("/auth/account/email", data={**email_form, "current_password": PASSWORD})
    assert refused.status_code == 429
    db.session.expire_all()
    assert db.session.get(User, student.id).email == "learner@school.example"
