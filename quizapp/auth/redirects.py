"""Form helpers shared by every blueprint."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def safe_next_url(default: str) -> str:
    """The ``next`` target if it stays on this site, else ``default`` (no open redirects)."""
    target = request.args.get("next") or request.form.get("next") or ""
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not target.startswith("//")
        and not parts.netloc
        and not parts.scheme
        and "\\" not in target
    ):
        return target
    return default
