"""The one rule for links that users write: plain http(s) addresses only.

A bank's ``source_url`` becomes an ``<a href>`` on its source page, so a ``javascript:``
or ``data:`` address there would run script as whoever clicks it. Importers and the
content loader refuse such addresses with the line named (``safe_http_url``); templates
pass every user-written link through the ``safe_href`` filter as a second guard.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask

HTTP_SCHEMES = frozenset({"http", "https"})
URL_RULE = "must be an http:// or https:// address"
# Browsers drop or skip these inside a scheme ("java\tscript:"), so none is allowed anywhere.
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def safe_http_url(value: str) -> str | None:
    """``value`` without surrounding spaces if it is an absolute http(s) address, else None.

    Refused: any other scheme, scheme-less and protocol-relative (``//host``) addresses,
    a missing host, and control characters or spaces anywhere inside.
    """
    url = value.strip()
    if _CONTROL_OR_SPACE.search(url) or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    if parts.scheme.lower() not in HTTP_SCHEMES or not parts.netloc:
        return None
    return url


def is_site_path(value: str) -> bool:
    """A path on this site (``/banks/``), which the app itself made: never another host."""
    return (
        value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and not _CONTROL_OR_SPACE.search(value)
    )


def safe_href(value: str | None) -> str:
    """The link to put in an ``href``/``src``: a site path or an http(s) address, else ""."""
    if not value:
        return ""
    if is_site_path(value):
        return value
    return safe_http_url(value) or ""


def register_filters(app: Flask) -> None:
    app.add_template_filter(safe_href, "safe_href")
