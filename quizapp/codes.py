"""Codes that people read aloud and type: class join codes and teacher invite codes.

Drawn with ``secrets`` from an alphabet without look-alike characters (no 0/O, 1/I/L);
typed back with any case, spaces or dashes.
"""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes."""
    return "".join(char for char in code.upper() if char.isalnum())
