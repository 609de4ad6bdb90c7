"""``flask users``: what an administrator does for accounts from the command line."""

from __future__ import annotations

from flask import Flask

from quizapp.auth.accounts import find_user_by_email
from tests.auth.test_sessions import copy_of_cookie, opens_protected_page
from tests.support.clients import AuthActions


def set_password(app: Flask, email: str, password: str):
    return app.test_cli_runner().invoke(
        args=["users", "set-password", "--password-stdin", email], input=password + "\n"
    )


def test_set_password_lets_someone_who_forgot_theirs_back_in(
    app: Flask, student_client, student
) -> None:
    lost_laptop = copy_of_cookie(app, student_client)

    result = set_password(app, student.email.upper(), "a brand new passphrase")

    assert result.exit_code == 0, result.output
    assert f"New password set for {student.email}" in result.output
    assert not opens_protected_page(lost_laptop)  # logged out everywhere

    def login(password: str) -> int:
        return AuthActions(app.test_client()).login(student.email, password).status_code

    assert login("correct horse") == 200  # the old one is refused
    assert login("a brand new passphrase") == 302


def test_set_password_for_an_unknown_email_says_so(app: Flask) -> None:
    result = set_password(app, "nobody@school.org", "a brand new passphrase")
    assert result.exit_code == 1
    assert "No account has the email nobody@school.org" in result.output


def test_set_password_refuses_a_weak_password_and_keeps_the_old(app: Flask, student) -> None:
    result = set_password(app, student.email, "password1")
    assert result.exit_code == 1
    assert "most common" in result.output
    assert AuthActions(app.test_client()).login(student.email, "correct horse").status_code == 302


def create(app: Flask, *args: str):
    return app.test_cli_runner().invoke(
        args=["users", "create", "--password-stdin", *args], input="a long pass phrase\n"
    )


def test_create_refuses_a_name_longer_than_80_characters_and_makes_nobody(app: Flask) -> None:
    result = create(app, "--name", "A" * 81, "long@school.org")
    assert result.exit_code == 1
    assert "--name: At most 80 characters (this one has 81). No account was created." in (
        result.output
    )
    assert find_user_by_email("long@school.org") is None


def test_create_keeps_a_name_of_80_characters_whole(app: Flask) -> None:
    result = create(app, "--name", "B" * 80, "full@school.org")
    assert result.exit_code == 0, result.output
    user = find_user_by_email("full@school.org")
    assert user is not None and user.display_name == "B" * 80


def test_create_refuses_a_bad_email_before_asking_for_the_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["users", "create", "notanemail"], input="")
    assert result.exit_code == 1
    assert "Enter a valid email address. No account was created." in result.output
    assert "Password" not in result.output  # never asked for
