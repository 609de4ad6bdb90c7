"""Log-in sessions that the server can end: a generation number, idle and absolute expiry.

Sessions live in a signed cookie, so the server keeps nothing per session. Each user row
carries ``session_generation``; the cookie records the generation it was issued under,
and the user loader (which loads the user row anyway) refuses a cookie from an older
generation. Log-out, a password change and "Log out everywhere" bump the number, so a
cookie copied earlier stops working without one more SQL statement per request.
The cookie also records when the person logged in and when they were last seen, so a
session ends after ``SESSION_IDLE_DAYS`` without use and ``SESSION_MAX_DAYS`` in all.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user
from sqlalchemy import update

from ..extensions import db
from ..models import User
from ..timeutil import now_utc

GENERATION_KEY = "_generation"
LOGGED_IN_AT_KEY = "_logged_in_at"
SEEN_AT_KEY = "_seen_at"
# What "Log out" says once done.
LOGGED_OUT_HERE = "You are logged out."
# "Last seen" is rewritten at most this often, so most requests do not re-sign the cookie.
SEEN_RESOLUTION = timedelta(minutes=5)


def start_session(user: User, now: datetime | None = None) -> None:
    """Log in with a fresh session so an identifier planted before log-in is worthless."""
    stamp = (now or now_utc()).timestamp()
    session.clear()
    # A CSRF token made earlier in this request belongs to the session just cleared: a
    # page rendered after log-in (``unsent_forms``) gets one of the new session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(user)
    session[GENERATION_KEY] = user.session_generation
    session[LOGGED_IN_AT_KEY] = stamp
    session[SEEN_AT_KEY] = stamp
    session.permanent = True  # the cookie outlives the browser window, up to the idle limit


def session_is_current(user: User, now: datetime | None = None) -> bool:
    """Whether this request's session may act as ``user``; refreshes "last seen" if so."""
    if session.get(GENERATION_KEY) != user.session_generation:
        return False
    logged_in_at, seen_at = session.get(LOGGED_IN_AT_KEY), session.get(SEEN_AT_KEY)
    if not isinstance(logged_in_at, int | float) or not isinstance(seen_at, int | float):
        return False
    moment = (now or now_utc()).timestamp()
    config = current_app.config
    if moment - logged_in_at > timedelta(days=config["SESSION_MAX_DAYS"]).total_seconds():
        return False
    if moment - seen_at > timedelta(days=config["SESSION_IDLE_DAYS"]).total_seconds():
        return False
    if moment - seen_at > SEEN_RESOLUTION.total_seconds():
        session[SEEN_AT_KEY] = moment
    return True


def end_every_session(user: User) -> None:
    """Make every cookie issued to ``user`` so far invalid (the caller commits).

    One atomic ``UPDATE`` so two simultaneous bumps both count."""
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(session_generation=User.session_generation + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["session_generation"])


def log_out(user: User) -> None:
    """Log out here and make every copy of ``user``'s session cookies worthless."""
    end_every_session(user)
    db.session.commit()
    logout_user()
    session.clear()


def refuse_session(user: User | None) -> None:
    """Forget this request's session, noting whose it was and under which generation
    (``refused_session``): a form sent twice may still be recognised as theirs."""
    g.refused_session = (user, session.get(GENERATION_KEY)) if user is not None else None
    session.clear()


def refused_session() -> tuple[User, object] | None:
    """The user and generation of the session this request came with, if it was refused."""
    refused: tuple[User, object] | None = g.get("refused_session")
    return refused
