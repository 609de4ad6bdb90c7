"""Which pages an LMS may frame, and the cookies an LMS iframe needs.

Only while a session was started by an LTI launch, and only on the LTI pages and the
study and quiz pages a launch opens (plus the class pages an instructor lands on and
the progress pages), does
the CSP name the LMS's origin in ``frame-ancestors``; everything else stays unframeable.
In such a session, served over HTTPS, the session cookie is ``SameSite=None; Secure``
so the LMS's iframe (a third-party context) still sends it; every other session keeps
the configured ``Lax``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface

from ..headers import FRAME_ANCESTOR
from ..timeutil import now_utc

SESSION_KEY = "lti"
# The class page an instructor lands on links to its own questions ("Remove…", a new
# code, archiving or deleting the class) and its students' progress: inside the LMS's
# frame they open there too (a blocked frame otherwise). Bank pages (answer keys,
# editing) and account pages stay unframeable.
CLASS_PAGES = (
    "teach.classes",
    "teach.classroom",
    "teach.ask_to_remove_student",
    "teach.remove_student_from_class",
    "teach.ask_to_remove_teacher",
    "teach.remove_teacher_from_class",
    "teach.ask_to_unassign",
    "teach.unassign",
    "teach.assign",
    "teach.ask_to_regenerate_code",
    "teach.regenerate_code",
    "teach.delete_class",
    "teach.ask_to_archive",
    "teach.archive",
    "teach.archived_classes",
    "teach.restore",
)
FRAMEABLE_ENDPOINTS = ("lti.", "study.", "progress.", *CLASS_PAGES)


def start_lti_session(frame_origin: str, platform_id: int) -> None:
    """Mark the (just started) log-in session as opened from this LMS, and when: the
    launch is the LMS's word that this is the account's owner (``auth.lms_accounts``)."""
    session[SESSION_KEY] = {
        "origin": frame_origin,
        "platform": platform_id,
        "launched_at": now_utc().timestamp(),
    }


def lti_origin() -> str | None:
    value: Any = session.get(SESSION_KEY)
    return str(value["origin"]) if isinstance(value, dict) and value.get("origin") else None


def launched_from() -> tuple[int, float] | None:
    """The platform whose launch started this session, and when (a POSIX time)."""
    value: Any = session.get(SESSION_KEY)
    if not isinstance(value, dict):
        return None
    platform, moment = value.get("platform"), value.get("launched_at")
    if not isinstance(platform, int) or not isinstance(moment, int | float):
        return None
    return platform, float(moment)


def kept_over_restart() -> Any:
    """The LMS's marker, to be put back by ``restore`` after the session is started
    anew for the same person (a password set in a tab beside the LMS's frame): without
    it the cookie would turn ``Lax`` and the LMS's frame would lose the session."""
    return session.get(SESSION_KEY)


def restore(marker: Any) -> None:
    if isinstance(marker, dict):
        session[SESSION_KEY] = marker


def allow_framing_by(origin: str) -> None:
    """Let ``origin`` frame this response (the launch's own pages)."""
    setattr(g, FRAME_ANCESTOR, origin)


def _frame_lti_pages() -> None:
    origin = lti_origin()
    if origin and (request.endpoint or "").startswith(FRAMEABLE_ENDPOINTS):
        allow_framing_by(origin)


def cross_site_cookie_options(secure: bool) -> dict[str, Any]:
    """``SameSite=None; Secure`` over HTTPS; without HTTPS a browser drops ``None``
    cookies, so ``Lax`` (enough when the LMS and the tool share a site)."""
    return {"secure": True, "samesite": "None"} if secure else {"secure": False, "samesite": "Lax"}


class LtiSessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, sent ``SameSite=None`` in LTI sessions over HTTPS."""

    def get_cookie_samesite(self, app: Flask) -> str | None:
        if has_request_context() and self.get_cookie_secure(app) and lti_origin():
            return "None"
        return super().get_cookie_samesite(app)


def register(app: Flask) -> None:
    app.session_interface = LtiSessionInterface()
    app.before_request(_frame_lti_pages)
