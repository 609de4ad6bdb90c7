"""Accounts the LMS made, which have no password of their own until the person sets one.

An LTI launch makes an account with the hash of a random secret nobody keeps
(``lti.mapping``), so every step that asks for the current password (changing it,
deleting the account, a class or a bank) was closed to its owner. Who may stand in for
that password is the LMS: it signed the launch that started this session.

*No password of its own* is known without a column of its own: the account is linked
to an LMS user (``LtiUser``; a launch never links an existing account, it makes a new
one) and its password was never set (``password_changed_at`` is empty; every setting of
a password stamps it, ``accounts.set_password``). This holds for accounts made before
this rule as much as for new ones.

*The LMS vouches for this session* when the session was started by a launch (the LMS's
marker, ``lti.framing``) less than ``LMS_VOUCH_WINDOW`` ago: like a password typed again
before a deletion, it asks for a recent proof that the person at the keyboard is the
account's, not a browser left open all day. Only such a session may set a first password
without a current one, or confirm a deletion by typing what it deletes; an account with
a password of its own is always asked for it, whatever its session.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select

from ..extensions import db
from ..lti.framing import launched_from
from ..lti.models import LtiUser
from ..models import User
from ..timeutil import now_utc
from .accounts import AccountError, set_password

# How long after a launch the LMS's word stands in for a password.
LMS_VOUCH_WINDOW = timedelta(hours=1)
# What a learner without a password types to delete their account.
ACCOUNT_DELETION_PHRASE = "delete my account"
RELAUNCH = (
    "For your safety, open quizapp from your course in the LMS again (the LMS confirms "
    "it is you), then come back here within the hour."
)


def has_own_password(user: User) -> bool:
    """Whether ``user`` has a password they chose (or were given), not the LMS's secret."""
    if user.password_changed_at is not None:
        return True
    linked = db.session.scalar(select(LtiUser.id).where(LtiUser.user_id == user.id).limit(1))
    return linked is None


def lms_vouches(user: User, now: datetime | None = None) -> bool:
    """Whether this request's session was started within the window by a launch of an
    LMS that ``user`` is linked to (a log-in with a password starts a session without
    the LMS's marker, so it never counts)."""
    launch = launched_from()
    if launch is None:
        return False
    platform_id, started = launch
    age = (now or now_utc()).timestamp() - started
    if not 0 <= age <= LMS_VOUCH_WINDOW.total_seconds():
        return False
    linked = db.session.scalar(
        select(LtiUser.id).where(LtiUser.user_id == user.id, LtiUser.platform_id == platform_id)
    )
    return linked is not None


def check_lms_vouches(user: User) -> None:
    """Raise ``AccountError`` (shown with the form) unless the LMS vouches for the session."""
    if not lms_vouches(user):
        raise AccountError(RELAUNCH, "password")


def set_first_password(user: User, new: str) -> None:
    """Give an LMS-made account its first password, without a current one; only in a
    session the LMS started recently. An account that has a password changes it with
    ``accounts.change_password``, which asks for it."""
    if has_own_password(user):
        raise AccountError("Type your current password to change it.", "current")
    check_lms_vouches(user)
    set_password(user, new)


def typed_the_same(typed: str, expected: str) -> bool:
    """Whether ``typed`` names ``expected``: the check is of intent, not a secret, so case,
    spaces around and between words and compatibility forms do not matter."""

    def folded(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return folded(typed) == folded(expected)
