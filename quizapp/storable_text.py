"""Text a database can store and a page can show.

JSON can spell two things as escapes that no text column takes: U+0000 (PostgreSQL
refuses it) and half of a UTF-16 pair on its own, "\\ud800" (no UTF-8 encodes it). Both
reach the app from JSON it did not write (uploads, Anki collections, LTI tokens), so
the code reading those asks here.
"""

from __future__ import annotations

import re

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def is_storable(value: str) -> bool:
    """Whether ``value`` holds neither a NUL nor a lone surrogate."""
    return "\x00" not in value and LONE_SURROGATE.search(value) is None
