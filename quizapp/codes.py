"""Codes that people read aloud and type: class join codes and teacher invite codes.

Drawn with ``secrets`` from an alphabet without look-alike characters (no 0/O, 1/I/L);
typed back with any case, spaces or dashes, in half- or full-width characters, or with a
Korean keyboard left in Hangul mode (its keys read back as the letters they carry).
"""

from __future__ import annotations

import secrets
import unicodedata

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


# The standard Korean keyboard (두벌식): the Latin key under each Hangul letter, Shift
# giving the double consonants and two vowels. A compound letter is its keys in turn.
_KEY_OF_JAMO = dict(
    zip(
        "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡ",
        "QWERTYUIOPASDFGHJKLZXCVBNM",
        strict=True,
    )
)
_KEY_OF_JAMO.update(zip("ㅃㅉㄸㄲㅆㅒㅖ", "QWERTOP", strict=True))
_KEY_OF_JAMO.update({"ㅘ": "HK", "ㅙ": "HO", "ㅚ": "HL", "ㅝ": "NJ", "ㅞ": "NP", "ㅟ": "NL"})
_KEY_OF_JAMO.update({"ㅢ": "ML", "ㄳ": "RT", "ㄵ": "SW", "ㄶ": "SG", "ㄺ": "FR", "ㄻ": "FA"})
_KEY_OF_JAMO.update({"ㄼ": "FQ", "ㄽ": "FT", "ㄾ": "FX", "ㄿ": "FV", "ㅀ": "FG", "ㅄ": "QT"})
# A syllable's letters, by its place in the Unicode block: initial, vowel, final.
_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
_FIRST_SYLLABLE, _SYLLABLES = 0xAC00, 11172


def _keys_typed(char: str) -> str:
    """The keys that type ``char`` on a Korean keyboard in Hangul mode; else ``char``."""
    place = ord(char) - _FIRST_SYLLABLE
    if 0 <= place < _SYLLABLES:
        initial, rest = divmod(place, len(_VOWELS) * len(_FINALS))
        vowel, final = divmod(rest, len(_FINALS))
        letters = _INITIALS[initial] + _VOWELS[vowel] + _FINALS[final]
        return "".join(_KEY_OF_JAMO[letter] for letter in letters)
    return _KEY_OF_JAMO.get(char, char)


def normalise_code(code: str) -> str:
    """Codes are typed by people: ignore case, spaces and dashes, and read full-width
    letters and digits (a Korean or Japanese keyboard in full-width mode) as ASCII, and
    Hangul as the keys that typed it: a code typed with the keyboard left in Hangul mode
    ("뮻ㅇㄷㄹ호23" for ABCDEFGH23). No code holds Hangul, so nothing else is read so."""
    keys = "".join(_keys_typed(char) for char in unicodedata.normalize("NFC", code))
    folded = unicodedata.normalize("NFKC", keys).upper()
    return "".join(char for char in folded if char.isascii() and char.isalnum())
