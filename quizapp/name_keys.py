"""When two names a teacher gives (a class, a bank) are the same name."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """What makes two names the same to a teacher: case, spacing and Unicode's equivalent
    spellings aside ("Lesson 1", "lesson  1"; a Hangul name typed composed or not)."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()
