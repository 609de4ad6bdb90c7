"""Spreadsheet formula injection (OWASP "CSV injection"): the one definition every CSV we
write uses. A text cell beginning with one of these characters would be run as a formula
by Excel or LibreOffice, so writers put a ``'`` in front of it."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)
