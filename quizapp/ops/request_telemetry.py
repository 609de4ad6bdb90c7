"""One log line and one metrics observation per request, and the ``X-Request-ID`` header.

The hooks are registered before any other, so the clock starts before the input guard,
the session and the views, and every later log line of the request carries its id.
They cost a few microseconds: a clock read, an id, one formatted line, two metric updates.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Request, Response, g, request
from sqlalchemy import inspect

from .logs import log_event
from .metrics import observe_request

log = logging.getLogger("quizapp.request")

REQUEST_ID_HEADER = "X-Request-ID"
# An id a proxy or client sent is kept when it is short and plain (a UUID, a trace id);
# anything else is replaced, so no header can put markup or a second line into the logs.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}\Z")
# Path parts that are secrets of a sort (a class's join code, a one-time item token):
# logged as their name, e.g. ``/join/<code>``.
SECRET_PATH_ARGS = frozenset({"code", "token"})


def request_id_from(header: str | None) -> str:
    """The incoming id if it is sane, else a fresh random one."""
    if header and _SANE_REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex


# Addresses whose next segment is a secret, matched by prefix: a path that reaches no
# route (a trailing slash, other letter case, a doubled slash) or another method of one
# has no view arguments to name, and would log the code or token as typed.
_SECRET_AFTER = {"join": "<code>", "feedback": "<token>"}
_SECRET_SEGMENT = re.compile(r"^(/+(?:study/+)?(join|feedback)/+)([^/]+)", re.IGNORECASE)


def loggable_path(incoming: Request) -> str:
    """The request's path without its query string and with secret parts named instead."""
    path = incoming.path
    for name, value in (incoming.view_args or {}).items():
        if name in SECRET_PATH_ARGS and value:
            path = path.replace(str(value), f"<{name}>")
    return _SECRET_SEGMENT.sub(
        lambda found: found.group(1) + _SECRET_AFTER[found.group(2).lower()], path
    )


def logged_in_user_id(user: object) -> int | None:
    """The id of the user this request logged in as, if it loaded one: read from the
    identity map, so an expired user object is never loaded again just to be logged."""
    state = inspect(user, raiseerr=False) if user is not None else None
    identity = state.identity if state is not None else None
    return int(identity[0]) if identity else None


def _start() -> None:
    context = g._get_current_object()  # one context-variable lookup, not one per use
    context.request_started = time.perf_counter()
    context.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))


def _finish(response: Response) -> Response:
    context = g._get_current_object()  # one context-variable lookup, not one per use
    incoming: Request = request
    started = context.get("request_started")
    seconds = time.perf_counter() - started if started is not None else 0.0
    rule = incoming.url_rule
    status = response.status_code
    observe_request(rule.endpoint if rule is not None else "unmatched", incoming.method, status,
                    seconds)  # fmt: skip
    log_event(
        log,
        "request",
        logging.ERROR if status >= 500 else logging.INFO,
        None,
        method=incoming.method,
        path=loggable_path(incoming),
        status=status,
        duration_ms=round(seconds * 1000, 1),
        user_id=logged_in_user_id(context.get("_login_user")),  # Flask-Login's user
    )
    response.headers[REQUEST_ID_HEADER] = context.get("request_id", "-")
    return response


def register(app: Flask) -> None:
    """Call before any other ``before_request`` hook is added (the factory does)."""
    app.before_request(_start)
    app.after_request(_finish)
