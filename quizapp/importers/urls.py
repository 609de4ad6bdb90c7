"""The one rule for URLs an upload may bring in: absolute http(s) addresses only.

A ``javascript:`` or ``data:`` link in a bank's source would run or show whatever it
holds when a learner clicks it. One small function, so the rule the web pages use
(branch ``sec-web``) can replace it in a single place.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def is_safe_url(value: str) -> bool:
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
