"""Friendly error pages inside the layout, or JSON when the client asked for JSON."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as WerkzeugResponse

from . import capabilities
from .config import upload_limit_text
from .extensions import db

MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Bad request", "The form could not be read. Reload the page and try again."),
    403: ("Not allowed", "Your account cannot open this page."),
    404: ("Not found", "There is nothing at this address. Check the link or go back home."),
    405: ("Not allowed", "That kind of request is not accepted here."),
    413: ("File too large", "That upload is bigger than the limit. Split it or shrink it."),
    429: ("Slow down", "Too many requests in a short time. Wait a minute and try again."),
    500: ("Something went wrong", "We could not finish that. Nothing you saved was lost."),
}


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


# Blueprints whose forms are sent by someone not logged in (log-in, sign-up, LMS launches).
OPEN_BLUEPRINTS = frozenset({"auth", "lti"})
LOGGED_OUT = (
    "You are not logged in any more (you logged out in another tab or window, or your "
    "session ended), so that form was not sent. Log in and carry on where you were."
)


def page_sent_from() -> str:
    """The address of this site's page the form was on (for a GET after logging in),
    else the home page."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or not referrer.path.startswith("/"):
        return "/"
    return referrer.path + (f"?{referrer.query}" if referrer.query else "")


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[Response | str, int] | WerkzeugResponse:
        """A form whose session ended (logged out in another tab) asks to log in again,
        and comes back to its page: "reload and send it again" cannot work there."""
        if (
            request.blueprint not in OPEN_BLUEPRINTS
            and not _wants_json()
            and not current_user.is_authenticated
        ):
            flash(LOGGED_OUT, "info")
            return redirect(url_for("auth.login", next=page_sent_from()), 303)
        return render_error(
            400,
            "This form has expired or was not sent from our page. "
            "Reload the page and submit it again.",
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
    def http_error(error: HTTPException) -> tuple[Response | str, int] | HTTPException:
        if error.code is None or error.code < 400:
            return error
        if error.code == 413:
            limit = app.config["MAX_CONTENT_LENGTH"]
            if request.content_length is not None and request.content_length <= limit:
                # Within the size: refused for its count of parts (Werkzeug's form limit).
                return render_error(
                    413, "This form has too many parts (fields or files); send fewer at once."
                )
            return render_error(413, f"Uploads can be at most {upload_limit_text(limit)}.")
        return render_error(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> tuple[Response | str, int]:
        db.session.rollback()
        return render_error(500)
