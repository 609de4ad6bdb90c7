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
        ("\u200b" * 8, "only spaces"),  # zero-width spaces show as nothing
        ("\x01" * 8, "only spaces"),  # control characters nobody can type on purpose
        ("\uff50\uff41\uff53\uff53\uff57\uff4f\uff52\uff44", "most common"),  # full-width
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


def test_a_password_is_the_same_in_any_unicode_form(client, auth) -> None:
    """NFKC, as SP 800-63B asks: a full-width password typed on one keyboard logs in
    typed in plain letters on another."""
    full_width = "\uff4b\uff49\uff4d\uff43\uff48\uff49 \uff44\uff41\uff59 2024"
    auth.signup(email="wide@example.org", password=full_width)
    auth.logout()
    response = auth.login(email="wide@example.org", password="kimchi day 2024")
    assert response.status_code in (302, 303)


def test_an_account_made_before_normalising_still_logs_in(app, client, auth) -> None:
    from werkzeug.security import generate_password_hash

    from quizapp.extensions import db
    from tests.support.factories import make_user

    typed = "\uff4b\uff49\uff4d\uff43\uff48\uff49 \uff44\uff41\uff59 2024"
    user = make_user(email="old@example.org")
    user.password_hash = generate_password_hash(typed, method="pbkdf2:sha256:1000")
    db.session.commit()
    assert auth.login(email="old@example.org", password=typed).status_code in (302, 303)


@pytest.mark.parametrize(
    "password", ["kimchi day 2024", "\uff4b\uff49\uff4d\uff43\uff48\uff49 day 2024"]
)
def test_a_wrong_email_and_a_wrong_password_cost_the_same_hash_checks(
    app, monkeypatch, password
) -> None:
    """A password NFKC changes is checked twice against an account (its older form too);
    an unknown email must cost as many checks, or the time would name the accounts."""
    from quizapp.auth import accounts
    from tests.support.factories import make_user

    make_user(email="known@example.org")
    accounts._DUMMY_HASH.clear()
    accounts._dummy_hash()
    checks: list[str] = []
    real = accounts.check_password_hash

    def counted(password_hash: str, candidate: str) -> bool:
        checks.append(candidate)
        return real(password_hash, candidate)

    monkeypatch.setattr(accounts, "check_password_hash", counted)
    with app.test_request_context():
        assert accounts.authenticate("known@example.org", password + "x") is None
        known = len(checks)
        checks.clear()
        assert accounts.authenticate("nobody@example.org", password + "x") is None
    assert len(checks) == known
