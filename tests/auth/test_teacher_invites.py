"""Teacher accounts need an invite code (by default); students still sign up freely."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from quizapp.auth.invites import create_invite
from quizapp.extensions import db
from quizapp.models import Role, User
from quizapp.timeutil import now_utc
from tests.support.clients import AuthActions
from tests.support.factories import make_invite

CODE_IN_FLASH = re.compile(r"Invite code ([A-Z0-9]{16})")


def users_with_role(role: str) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == role)) or 0


def sign_up_teacher(app: Flask, code: str = "", email: str = "new@school.example") -> str:
    response = AuthActions(app.test_client()).signup(
        email=email, role="teacher", name="New Teacher", invite_code=code
    )
    return response.get_data(as_text=True) if response.status_code == 200 else "created"


def test_by_default_a_teacher_account_needs_an_invite_code(app: Flask) -> None:
    assert "needs an invite code" in sign_up_teacher(app)
    assert users_with_role(Role.TEACHER) == 0


def test_students_still_sign_up_without_any_code(client, auth) -> None:
    assert auth.signup(email="pupil@school.example").status_code == 302
    assert users_with_role(Role.STUDENT) == 1


def test_an_invite_code_makes_one_teacher_and_only_once(app: Flask) -> None:
    code = make_invite()
    assert sign_up_teacher(app, code.lower()) == "created"  # typed in any case
    assert "not valid" in sign_up_teacher(app, code, email="second@school.example")
    assert users_with_role(Role.TEACHER) == 1


def test_an_expired_or_invented_code_is_refused_and_creates_nobody(app: Flask) -> None:
    code, _ = create_invite(None, days=7, now=now_utc() - timedelta(days=8))
    assert "expired" in sign_up_teacher(app, code)
    assert "not valid" in sign_up_teacher(app, "ABCDEFGHJKMNPQRS")
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_teacher_makes_an_invite_on_the_teach_pages(app: Flask, teacher_client) -> None:
    page = teacher_client.post("/teach/invites", follow_redirects=True).get_data(as_text=True)
    match = CODE_IN_FLASH.search(page)
    assert match, "the new code is shown once"
    assert "Your unused codes" in page
    assert sign_up_teacher(app, match.group(1)) == "created"
    assert "Your unused codes" not in teacher_client.get("/teach/invites").get_data(as_text=True)


def test_students_cannot_make_invites(student_client) -> None:
    assert student_client.post("/teach/invites").status_code == 403


def test_with_open_sign_up_anyone_may_choose_teacher(app: Flask) -> None:
    app.config["TEACHER_SIGNUP"] = "open"
    assert sign_up_teacher(app) == "created"


def test_with_closed_sign_up_the_form_offers_no_teacher_account(app: Flask, client) -> None:
    app.config["TEACHER_SIGNUP"] = "closed"
    assert 'value="teacher"' not in client.get("/auth/signup").get_data(as_text=True)
    assert "administrator" in sign_up_teacher(app, make_invite())
    assert users_with_role(Role.TEACHER) == 0


def test_an_unknown_mode_stops_the_app(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from quizapp.config import settings_from_env

    monkeypatch.setenv("TEACHER_SIGNUP", "sometimes")
    with pytest.raises(ValueError, match="TEACHER_SIGNUP must be one of invite, open, closed"):
        settings_from_env(tmp_path)


def test_the_command_line_makes_invites_and_the_first_teacher(app: Flask) -> None:
    runner = app.test_cli_runner()
    db.session.rollback()
    created = runner.invoke(
        args=["users", "create", "--role", "teacher", "--password-stdin", "first@school.example"],
        input="a long passphrase\n",
    )
    assert created.exit_code == 0, created.output
    invited = runner.invoke(args=["users", "invite", "--days", "2"])
    assert invited.exit_code == 0, invited.output
    code = re.search(r"code: ([A-Z0-9]{16})", invited.output)
    assert code and "single use" in invited.output
    assert sign_up_teacher(app, code.group(1)) == "created"
    assert users_with_role(Role.TEACHER) == 2


def test_unused_codes_show_their_dates_on_the_teachers_clock(app: Flask, teacher, teacher_client):
    """Made at 20:00 UTC on 26 November is 09:00 on 27 November in Auckland: the
    teacher's own dates, with the time an invite really runs out."""
    teacher.time_zone = "Pacific/Auckland"
    db.session.commit()
    create_invite(teacher, days=7, now=datetime(2026, 11, 26, 20, 0, tzinfo=UTC))

    page = teacher_client.get("/teach/invites").get_data(as_text=True)
    shown = re.sub(r"<[^>]+>", "", page.split("Your unused codes", 1)[1])
    assert "Made 2026-11-27 09:00 (Pacific/Auckland)" in shown
    assert "expires 2026-12-04 09:00 (Pacific/Auckland)" in shown


INVITE_BOX = re.compile(r"<details([^>]*)>\s*<summary>([^<]*)</summary>(.*?)</details>", re.S)


def test_the_invite_code_field_is_folded_away_until_a_teacher_opens_it(app: Flask) -> None:
    """Probe: every student met a "Teacher invite code" box on the sign-up form and
    wondered whether they needed one. It sits folded under a summary a teacher looks for,
    and opens itself when the form comes back with a code or a word about one."""
    page = app.test_client().get("/auth/signup").get_data(as_text=True)
    box = INVITE_BOX.search(page)
    assert box, "the invite code is inside a <details>"
    attributes, summary, inside = box.groups()
    assert summary.strip() == "I am a teacher with an invite code"
    assert " open" not in attributes
    assert '<label for="invite_code">Teacher invite code</label>' in inside
    assert page.count('name="invite_code"') == 1
    refused = sign_up_teacher(app)
    attributes, _summary, inside = INVITE_BOX.search(refused).groups()
    assert " open" in attributes and "needs an invite code" in inside
