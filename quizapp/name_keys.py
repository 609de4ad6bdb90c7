"""When two names a teacher gives (a class, a bank) are the same name, and in which order
names are listed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

Item = TypeVar("Item")
_NUMBER = re.compile(r"(\d+)")


def name_key(name: str) -> str:
    """What makes two names the same to a teacher: case, spacing and Unicode's equivalent
    spellings aside ("Lesson 1", "lesson  1"; a Hangul name typed composed or not)."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def name_order(name: str) -> tuple[tuple[str | int, ...], str]:
    """Where a name goes in a list a person reads: capitals and accents aside and numbers
    by their value ("Unit 2" before "unit 10"), as a file browser lists them. A database
    sorts by code point instead (SQLite, and PostgreSQL in the C collation): every capital
    before every small letter, and "Unit 10" between "Unit 1" and "Unit 2". Hangul keeps
    its dictionary order (composed again after the accents go). The name itself breaks
    ties, so equal keys still list the same way every time."""
    bare = "".join(
        char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char)
    )
    parts = _NUMBER.split(name_key(unicodedata.normalize("NFC", bare)))
    # Text and numbers alternate (text first), so equal positions always hold one type.
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), name


def by_name(items: Iterable[Item], name: Callable[[Item], str]) -> list[Item]:
    """``items`` in ``name_order`` of the name each has."""
    return sorted(items, key=lambda item: name_order(name(item)))
