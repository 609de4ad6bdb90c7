"""Numbers written in other digits than 0-9, which Python's ``int`` and regex ``\\d`` read as
the same number: fullwidth (U+FF10...), Arabic-Indic (U+0660...), Devanagari (U+0966...)."""

from __future__ import annotations

OTHER_ZEROS = {"fullwidth": 0xFF10, "arabic-indic": 0x0660, "devanagari": 0x0966}


def in_other_digits(text: object, script: str) -> str:
    """``text`` with each ASCII digit replaced by the same digit of ``script``."""
    zero = OTHER_ZEROS[script]
    return str(text).translate({ord("0") + i: zero + i for i in range(10)})
