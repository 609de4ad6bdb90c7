"""Security headers on every response, set in one ``after_request`` hook.

The Content-Security-Policy allows scripts, styles and images from this site only: no
inline ``<script>``, no ``on...=`` handlers, no ``style="..."``, so markup that slipped
through escaping still cannot run or restyle the page. Downloads (results CSV, bank
exports holding answer keys, "Download my data") are never cached nor sniffed, and
neither is a page opened by someone logged in: Back after a log-out (or an account's
deletion) on a shared computer must not show the last person's progress or email.
"""

from __future__ import annotations

from flask import Flask, Response, g, request


def content_security_policy(
    frame_ancestor: str | None = None, form_target: str | None = None
) -> str:
    """The policy; an LMS page may frame (``frame_ancestor``) and be posted to
    (``form_target``) only where the LTI tool says so (``lti/framing.py``)."""
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            f"form-action 'self' {form_target}" if form_target else "form-action 'self'",
            f"frame-ancestors {frame_ancestor}" if frame_ancestor else "frame-ancestors 'none'",
        )
    )


CONTENT_SECURITY_POLICY = content_security_policy()
HSTS = "max-age=31536000; includeSubDomains"
# Set on ``g`` by the LTI tool for the pages an LMS frames or posts to.
FRAME_ANCESTOR = "frame_ancestor"
FORM_TARGET = "form_target"


def is_download(response: Response) -> bool:
    return response.headers.get("Content-Disposition", "").startswith("attachment")


def add_security_headers(
    response: Response,
    *,
    https_only: bool,
    frame_ancestor: str | None = None,
    form_target: str | None = None,
    personal: bool = False,
) -> Response:
    """Set the headers every page and file gets; ``https_only`` adds HSTS; a ``personal``
    page is not kept unless its view chose how it may be (a static file, an image).

    Every page is unframeable unless ``frame_ancestor`` names the one origin that may
    frame it (X-Frame-Options cannot name an origin, so it is left out then)."""
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(frame_ancestor, form_target)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    if frame_ancestor is None:
        headers["X-Frame-Options"] = "DENY"
    if https_only:
        headers["Strict-Transport-Security"] = HSTS
    if is_download(response) or (personal and "Cache-Control" not in headers):
        headers["Cache-Control"] = "no-store"
    return response


def is_personal_page() -> bool:
    """Whether this request is a page read by someone logged in. Not the page a form's
    POST answers: a study answer's feedback is kept on purpose, so Back from its source
    link shows it rather than asking to send the form again (``study.never_kept``).

    Asks Flask-Login's user only if the request loaded it (every page's menu does): a
    style sheet or an icon never reads the account, and must not cost a query for it."""
    user = g.get("_login_user")
    return request.method in {"GET", "HEAD"} and user is not None and user.is_authenticated


def register(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_security_headers(
            response,
            https_only=app.config["SESSION_COOKIE_SECURE"],
            frame_ancestor=g.get(FRAME_ANCESTOR),
            form_target=g.get(FORM_TARGET),
            personal=is_personal_page(),
        )
