"""Form helpers shared by every blueprint."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def is_local_path(target: str) -> bool:
    """Whether ``target`` is a path on this site (so no open redirect, no other site)."""
    parts = urlsplit(target)
    return (
        target.startswith("/")
        and not target.startswith("//")
        and not parts.netloc
        and not parts.scheme
        and "\\" not in target
    )


def safe_next_url(default: str) -> str:
    """The ``next`` target if it stays on this site, else ``default`` (no open redirects)."""
    target = request.args.get("next") or request.form.get("next") or ""
    return target if is_local_path(target) else default
