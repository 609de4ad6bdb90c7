"""Teacher sign-up: open, closed, or (the default) by a single-use invite code.

A teacher can upload question sets whose text every student in their classes reads, so
anyone who can become a teacher can reach students. ``TEACHER_SIGNUP`` decides:
``invite`` — the sign-up form asks for a code that an existing teacher (Teach → Invite
a teacher) or ``flask users invite`` made; ``open`` — anyone may choose "Teacher";
``closed`` — teacher accounts come only from ``flask users create --role teacher``.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, select, update

from ..codes import new_code, normalise_code
from ..extensions import db
from ..models import TeacherInvite, User
from ..timeutil import now_utc

INVITE_CODE_LENGTH = 16  # about 79 bits from the look-alike-free alphabet
DEFAULT_INVITE_DAYS = 7
MAX_INVITE_DAYS = 90


class TeacherSignup(enum.StrEnum):
    INVITE = "invite"
    OPEN = "open"
    CLOSED = "closed"


class InviteRefused(ValueError):
    """An invite code that cannot make a teacher account; the message is for the person."""


def teacher_signup_mode() -> TeacherSignup:
    return TeacherSignup(current_app.config["TEACHER_SIGNUP"])


def _hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def create_invite(
    created_by: User | None, days: float = DEFAULT_INVITE_DAYS, now: datetime | None = None
) -> tuple[str, TeacherInvite]:
    """Make and commit an invite; returns the code (shown once: only its hash is kept)."""
    if not 0 < days <= MAX_INVITE_DAYS:
        raise InviteRefused(f"An invite lasts from 1 to {MAX_INVITE_DAYS} days.")
    now = now or now_utc()
    code = new_code(INVITE_CODE_LENGTH)
    invite = TeacherInvite(
        code_hash=_hash(code),
        created_by_id=created_by.id if created_by else None,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(invite)
    db.session.commit()
    return code, invite


def claim_invite(code: str, user: User, now: datetime | None = None) -> None:
    """Use up ``code`` for the new teacher ``user`` (flushed, not yet committed).

    One conditional ``UPDATE``: of two sign-ups racing for the same code, one wins."""
    now = now or now_utc()
    claimed = db.session.execute(
        update(TeacherInvite)
        .where(
            TeacherInvite.code_hash == _hash(code),
            TeacherInvite.used_at.is_(None),
            TeacherInvite.expires_at > now,
        )
        .values(used_at=now, used_by_id=user.id)
        .execution_options(synchronize_session=False)
    )
    # An UPDATE's result is a CursorResult, though Session.execute is typed as Result.
    if cast("CursorResult[Any]", claimed).rowcount != 1:
        raise InviteRefused(
            "That invite code is not valid: it may be mistyped, used or expired. "
            "Ask the teacher who sent it for a new one."
        )


def open_invites(created_by: User, now: datetime | None = None) -> list[TeacherInvite]:
    """The invites this teacher made that can still be used, soonest to expire first."""
    return list(
        db.session.scalars(
            select(TeacherInvite)
            .where(
                TeacherInvite.created_by_id == created_by.id,
                TeacherInvite.used_at.is_(None),
                TeacherInvite.expires_at > (now or now_utc()),
            )
            .order_by(TeacherInvite.expires_at)
        )
    )
