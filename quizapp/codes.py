"""Codes that people read aloud and type: class join codes and teacher invite codes.

Drawn with ``secrets`` from an alphabet without look-alike characters (no 0/O, 1/I/L);
typed back with any case, spaces or dashes, in half- or full-width characters.
"""

from __future__ import annotations

import secrets
import unicodedata

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes, and read full-width
    letters and digits (a Korean or Japanese keyboard in full-width mode) as ASCII."""
    folded = unicodedata.normalize("NFKC", code).upper()
    return "".join(char for char in folded if char.isascii() and char.isalnum())
