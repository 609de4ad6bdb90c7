"""Which passwords may be chosen, following NIST SP 800-63B (section 5.1.1.2).

Length is the one composition rule (at least 8 characters, no demands for digits or
symbols). On top, a password is refused when it is one of the 10,000 most common
(``common_passwords.txt``, see ``COMMON_PASSWORDS.md``), only spaces (or characters
that show as nothing), or the account's own email address or the part before its "@":
the first guesses of any attacker. Passwords are compared in Unicode's NFKC form, as
the standard asks, so "password" typed in full-width letters is "password" and the same password
typed on another keyboard still logs in (``normalised``).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, case-folded; read once per process."""
    text = (files(__package__) / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.casefold() for line in text.splitlines() if line)


def normalised(password: str) -> str:
    """The password as it is hashed and compared: its NFKC form."""
    return unicodedata.normalize("NFKC", password)


def shows_as_nothing(character: str) -> bool:
    """A space, or a character that prints nothing (zero-width, control characters)."""
    return character.isspace() or unicodedata.category(character) in {"Cc", "Cf", "Zs"}


def password_problem(password: str, email: str) -> str | None:
    """Why ``password`` may not be chosen for the account ``email``, or None if it may."""
    password = normalised(password)
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Passwords need at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Passwords can be at most {MAX_PASSWORD_LENGTH} characters."
    if all(shows_as_nothing(character) for character in password):
        return "A password cannot be only spaces."
    folded = password.strip().casefold()
    if folded in common_passwords():
        return "That password is one of the 10,000 most common ones. Choose another."
    address = email.strip().casefold()
    if folded in {address, address.split("@", 1)[0]}:
        return "A password cannot be your email address."
    return None
