"""Friendly error pages inside the layout, or JSON when the client asked for JSON."""

from __future__ import annotations

import logging
import sys
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import RateLimitExceeded
from flask_login import AnonymousUserMixin, current_user, login_url
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed
from werkzeug.wrappers import Response as WerkzeugResponse

from . import capabilities
from .auth.routes import expired_visitor_form
from .auth.sessions import LOGGED_OUT_HERE, log_out
from .auth.unsent_forms import (
    OLDER_SESSION,
    OLDER_SESSION_FILL_AGAIN,
    UnsentForm,
    login_page_keeping,
    send_again_page,
    sent_a_file,
    sent_from_this_site,
    unsent_form,
)
from .config import upload_limit_text
from .database import database_answers
from .extensions import db, login_manager
from .ops.logs import log_event
from .ops.request_telemetry import loggable_path

FORM_ADDRESS = (
    "This is the address a form sends its answers to, not a page to open. Go back to the "
    "page with the form, or to the home page."
)
MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Bad request", "The form could not be read. Reload the page and try again."),
    403: ("Not allowed", "Your account cannot open this page."),
    404: ("Not found", "There is nothing at this address. Check the link or go back home."),
    405: ("Not allowed", "That kind of request is not accepted here."),
    413: ("File too large", "That upload is bigger than the limit. Split it or shrink it."),
    429: ("Slow down", "Too many requests in a short time. Wait a minute and try again."),
    500: ("Something went wrong", "We could not finish that. Nothing you saved was lost."),
    503: (
        "Try again in a minute",
        "quizapp cannot reach its database just now, so what you just sent was not saved "
        "(what you saved before is safe). Try again in a minute; if this lasts, tell your "
        "school's quizapp administrator.",
    ),
}
# How long a browser or client is asked to wait when the database is down.
RETRY_AFTER_SECONDS = 30


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def render_error(code: int, detail: str | None = None) -> tuple[Response | str, int]:
    title, message = MESSAGES.get(code, (f"Error {code}", "The request failed."))
    if detail:
        message = detail
    if _wants_json():
        return jsonify(error=title, message=message), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


# Forms sent by someone not logged in: the log-in, the sign-up and the LMS's (which has
# its own error pages). The account page's forms are not among them.
VISITOR_FORMS = frozenset({"auth.login", "auth.signup"})
OPEN_BLUEPRINTS = frozenset({"lti"})


def is_visitors_form(endpoint: str | None) -> bool:
    """Whether ``endpoint`` takes forms from people not logged in: those are never
    carried through a log-in nor answered with one."""
    return endpoint in VISITOR_FORMS or (endpoint or "").split(".")[0] in OPEN_BLUEPRINTS


_NOT_SENT = (
    "You are not logged in any more (you logged out in another tab or window, or your "
    "session ended), so that form was not sent."
)
LOGGED_OUT = f"{_NOT_SENT} Log in and carry on where you were."
# A file cannot be carried through the log-in (``unsent_forms``).
LOGGED_OUT_FILE = f"{_NOT_SENT} Log in, then choose the file again."


def page_sent_from() -> str:
    """The address of this site's page the form was on (for a GET after logging in),
    else the home page."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/"):
        return "/"
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def _log_in_keeping(unsent: UnsentForm) -> str:
    """The log-in page in place of a form sent logged out, carrying what it sent."""
    flash(LOGGED_OUT, "info")
    return login_page_keeping(unsent, page_sent_from())


def ask_to_log_in() -> str | WerkzeugResponse:
    """A page or form of the logged-in area reached without a session (Flask-Login's
    ``unauthorized``). A form's session was refused after it was filled in ("Log out
    everywhere" elsewhere): see ``form_sent_logged_out``."""
    if request.method == "POST" and not _wants_json():
        return form_sent_logged_out()
    flash(login_manager.login_message, login_manager.login_message_category)
    return redirect(login_url("auth.login", next_url=request.url))


def form_sent_logged_out() -> str | WerkzeugResponse:
    """The log-in for a form sent without a session: carrying what it sent when it can
    (``unsent_forms``), else coming back to the page it was sent from, never to the
    form's own address (which takes no GET: "Not allowed" after logging in)."""
    unsent = unsent_form() if not is_visitors_form(request.endpoint) else None
    if unsent is not None:
        return _log_in_keeping(unsent)
    flash(LOGGED_OUT_FILE if sent_a_file() else LOGGED_OUT, "info")
    return redirect(url_for("auth.login", next=page_sent_from()), 303)


def _expired_form() -> str | WerkzeugResponse | None:
    """A form of the logged-in area refused for its CSRF token: the log-in it needs; the
    form again, ready to send, when it came from our page of an earlier session; its page
    afresh when it cannot be carried (it asks for a password), since "reload and send it
    again" would send the same expired form. None for a form from elsewhere."""
    if not current_user.is_authenticated:
        return form_sent_logged_out()
    unsent = unsent_form()
    if unsent is not None:
        return send_again_page(unsent, page_sent_from(), OLDER_SESSION)
    if sent_from_this_site():
        flash(OLDER_SESSION_FILL_AGAIN, "error")
        return redirect(page_sent_from(), 303)
    return None


def page_without_trailing_slash() -> str | None:
    """The address of the page this unknown one names with a slash too many, if any:
    ``/auth/account/`` for ``/auth/account`` (pasted from a document that added it), as
    Werkzeug already sends ``/study`` on to ``/study/``. Pages only, never a form's POST."""
    path = request.path
    if request.url_rule is not None or request.method not in {"GET", "HEAD"}:
        return None
    if not path.endswith("/") or "//" in path or path == "/":  # "//host": another site
        return None
    try:
        adapter = current_app.create_url_adapter(request)
        if adapter is None:
            return None
        adapter.match(path[:-1], method="GET")
    except HTTPException:  # no page there either (or one that redirects elsewhere)
        return None
    query = request.query_string.decode("utf-8", "replace")
    return request.script_root + path[:-1] + (f"?{query}" if query else "")


def database_unavailable() -> tuple[Response | str, int, dict[str, str]]:
    """The page for a database that does not answer: a 503 that says so and when to try
    again. It is shown as to a visitor: who is logged in is read from the database, and
    asking again (the layout names the account) would fail inside the error page."""
    g._login_user = AnonymousUserMixin()  # where Flask-Login keeps the request's user
    log_event(
        logging.getLogger("quizapp.failure"),
        "database.unavailable",
        logging.ERROR,
        method=request.method,
        path=loggable_path(request),
    )
    body, code = render_error(503)
    return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}


def register(app: Flask) -> None:
    login_manager.unauthorized_handler(ask_to_log_in)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_error(
        error: OperationalError | InterfaceError,
    ) -> tuple[Response | str, int] | tuple[Response | str, int, dict[str, str]]:
        """A driver error: the database is down or unreachable (503, see
        ``database_unavailable``) when it no longer answers a round trip; else the
        statement itself failed, a bug, logged and answered as any other (500)."""
        if not database_answers():
            return database_unavailable()
        app.log_exception(sys.exc_info())  # as Flask logs any other failure
        return render_error(500)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> str | tuple[Response | str, int] | WerkzeugResponse:
        """A form whose session ended (logged out in another tab) asks to log in again,
        carrying what it sent when it came from our page (``unsent_forms``), else coming
        back to its page: "reload and send it again" cannot work there. One from our
        page of an earlier session (logged in again, or the password changed, in another
        tab) is offered for sending as it is (``_expired_form``); its "Log out" logs out.
        A log-in or sign-up page left open shows its form again (``expired_visitor_form``)."""
        if request.endpoint == "auth.logout" and sent_from_this_site():
            # Log out pressed on our page of an earlier session: the person's own click,
            # and staying logged in unseen (a shared computer) is the worse outcome.
            if current_user.is_authenticated:
                log_out(current_user._get_current_object())
            flash(LOGGED_OUT_HERE, "success")
            return redirect(url_for("main.home"), 303)
        if request.endpoint in VISITOR_FORMS and sent_from_this_site() and not _wants_json():
            return expired_visitor_form()
        if not is_visitors_form(request.endpoint) and not _wants_json():
            answer = _expired_form()
            if answer is not None:
                return answer
        return render_error(
            400,
            "This form has expired or was not sent from our page, so nothing was saved. "
            "Go back, reload the page and send it again.",
        )

    @app.errorhandler(RateLimitExceeded)
    def too_many(error: RateLimitExceeded) -> tuple[Response | str, int]:
        """A limit with its own message (say, for password tries) shows it; the others
        get the general one rather than the limit's figures."""
        return render_error(429, error.description if error.limit.error_message else None)

    @app.errorhandler(capabilities.NotFound)
    def not_found(error: capabilities.NotFound) -> tuple[Response | str, int]:
        return render_error(404, str(error) or None)

    @app.errorhandler(capabilities.Forbidden)
    def forbidden(error: capabilities.Forbidden) -> tuple[Response | str, int]:
        return render_error(403)

    @app.errorhandler(HTTPException)
    def http_error(
        error: HTTPException,
    ) -> tuple[Response | str, int] | HTTPException | WerkzeugResponse:
        if error.code is None or error.code < 400:
            return error
        if error.code == 404 and (moved := page_without_trailing_slash()) is not None:
            return redirect(moved, 308)
        if error.code == 413:
            limit = app.config["MAX_CONTENT_LENGTH"]
            if request.content_length is not None and request.content_length <= limit:
                # Within the size: refused for its count of parts (Werkzeug's form limit).
                return render_error(
                    413, "This form has too many parts (fields or files); send fewer at once."
                )
            return render_error(413, f"Uploads can be at most {upload_limit_text(limit)}.")
        return render_error(error.code)

    @app.errorhandler(MethodNotAllowed)
    def method_not_allowed(error: MethodNotAllowed) -> tuple[Response | str, int, dict[str, str]]:
        """The page, with the ``Allow`` header HTTP asks of a 405 (``render_error``
        drops the exception's own headers). A form's address opened as a page (typed,
        bookmarked) says what it is rather than "not accepted"."""
        allowed = sorted(error.valid_methods or ())
        detail = FORM_ADDRESS if request.method == "GET" and "POST" in allowed else None
        body, code = render_error(405, detail)
        return body, code, {"Allow": ", ".join(allowed)}

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> tuple[Response | str, int]:
        db.session.rollback()
        return render_error(500)
