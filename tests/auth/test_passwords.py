"""Passwords as NIST SP 800-63B asks: length, not composition; no common or obvious ones."""

from __future__ import annotations

import pytest

from quizapp.auth.passwords import common_passwords, password_problem

EMAIL = "kim.minji@school.example"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "at least 8 characters"),
        ("password", "most common"),
        ("12345678", "most common"),
        ("PassWord1", "most common"),  # case does not make a common password rare
        ("        ", "only spaces"),
        ("\t \u3000  \t  ", "only spaces"),
        (EMAIL, "your email"),
        ("Kim.MinJi", "your email"),  # the part before the @
        ("x" * 201, "at most 200"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(password: str, reason: str) -> None:
    problem = password_problem(password, EMAIL)
    assert problem is not None and reason in problem


@pytest.mark.parametrize(
    "password",
    ["correct horse", "defectors day 2024", "ㅎㅏㄴ글 비밀번호", "aaaaaaaaaaaab"],
)
def test_a_long_uncommon_password_needs_no_digits_or_symbols(password: str) -> None:
    assert password_problem(password, EMAIL) is None


def test_the_shipped_list_holds_ten_thousand_passwords() -> None:
    passwords = common_passwords()
    assert len(passwords) == 10_000
    assert {"123456", "password", "qwerty", "iloveyou"} <= passwords


def test_sign_up_refuses_a_common_password_and_creates_nobody(client, auth) -> None:
    response = auth.signup(email="x@example.org", password="password")
    assert (
        '<p class="error" id="password-error">That password is one of the 10,000 most common'
        in (response.get_data(as_text=True))
    )
    assert "Hello" not in client.get("/").get_data(as_text=True)


def test_changing_to_a_common_password_is_refused(student_client) -> None:
    response = student_client.post(
        "/auth/account/password",
        data={"current": "correct horse", "password": "12345678", "confirm": "12345678"},
    )
    assert "10,000 most common" in response.get_data(as_text=True)
    assert "Your password is changed" not in response.get_data(as_text=True)


def test_an_existing_email_gets_no_more_than_a_neutral_refusal(client, auth, student) -> None:
    """The refusal names no account and comes only once the password itself is fine, so a
    weak password is refused alike for a new and a taken email."""
    taken = auth.signup(email=student.email, password="password", name="Someone").get_data(
        as_text=True
    )
    fresh = auth.signup(email="new@example.org", password="password", name="Someone").get_data(
        as_text=True
    )
    assert _without_tokens(taken) == _without_tokens(
        fresh.replace("new@example.org", student.email)
    )
    refused = auth.signup(email=student.email, name="Someone", password="other horse 77")
    refused = refused.get_data(as_text=True)
    assert "We could not create an account with this email" in refused


def _without_tokens(page: str) -> str:
    import re

    return re.sub(r'(csrf[-_]token"?[^>]*?(value|content)=")[^"]+', r"\1", page)
