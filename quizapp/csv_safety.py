"""Spreadsheet formula injection (OWASP "CSV injection"): the one definition every CSV we
write uses. A text cell beginning with one of these characters would be run as a formula
by Excel or LibreOffice, so writers put a ``'`` in front of it."""

from __future__ import annotations

FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    # Full-width and small forms, which spreadsheets in East Asian locales run as well.
    "\uff1d",  # FULLWIDTH EQUALS SIGN
    "\uff0b",  # FULLWIDTH PLUS SIGN
    "\uff0d",  # FULLWIDTH HYPHEN-MINUS
    "\uff20",  # FULLWIDTH COMMERCIAL AT
    "\ufe66",  # SMALL EQUALS SIGN
    "\ufe62",  # SMALL PLUS SIGN
    "\ufe63",  # SMALL HYPHEN-MINUS
    "\ufe6b",  # SMALL COMMERCIAL AT
)


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)
