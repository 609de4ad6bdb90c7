"""Security headers on every response, set in one ``after_request`` hook.

The Content-Security-Policy allows scripts, styles and images from this site only: no
inline ``<script>``, no ``on...=`` handlers, no ``style="..."``, so markup that slipped
through escaping still cannot run or restyle the page. Downloads (results CSV, bank
exports holding answer keys, "Download my data") are never cached nor sniffed.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HSTS = "max-age=31536000; includeSubDomains"


def is_download(response: Response) -> bool:
    return response.headers.get("Content-Disposition", "").startswith("attachment")


def add_security_headers(response: Response, *, https_only: bool) -> Response:
    """Set the headers every page and file gets; ``https_only`` adds HSTS."""
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    if https_only:
        headers["Strict-Transport-Security"] = HSTS
    if is_download(response):
        headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        return add_security_headers(response, https_only=app.config["SESSION_COOKIE_SECURE"])
