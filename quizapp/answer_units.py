"""What may follow a right number in a typed answer: its unit, or a noun naming what is
counted.

A learner writes "34,000 defectors" or "100 °C" where the answer is the bare number. The
words after the number are judged by what they are, not by whether the question happens
to use them somewhere:

- a unit of measure ("days", "km", "°C", "percent") changes the quantity, so it must be
  the answer's own unit or the one the question asks in ("How many weeks", "in Celsius",
  "What percentage", "12 weeks" in the fact); "degrees" fits any temperature;
- a month after a number makes it a date, so it never fits a count;
- after a year only AD or CE may follow: "2006 people" is a count, not a year;
- any other word names what is counted: it fits when the question uses it, or when it
  names people ("defectors", "refugees", "people") and the question counts people; after
  the first such word, small joining words may stand ("defectors from North Korea").

Each refusal says the number is right, so the learner is not told to fix what was right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .answer_forms import MONTHS, normalise, singular

# Each unit of measure (singular, as ``singular`` leaves it) and the quantity it names.
_UNIT_NAMES = {
    "second": ("second", "sec", "s"),
    "minute": ("minute", "min"),
    "hour": ("hour", "hr", "h"),
    "day": ("day",),
    "week": ("week", "wk"),
    "fortnight": ("fortnight",),
    "month": ("month",),
    "year": ("year", "yr"),
    "decade": ("decade",),
    "century": ("century",),
    "dollar": ("dollar", "usd", "buck"),
    "won": ("won", "krw"),
    "euro": ("euro", "eur"),
    "pound": ("pound", "gbp", "lb"),
    "yen": ("yen",),
    "yuan": ("yuan",),
    "cent": ("cent", "penny", "pence"),
    "millimetre": ("millimetre", "millimeter", "mm"),
    "centimetre": ("centimetre", "centimeter", "cm"),
    "metre": ("metre", "meter", "m"),
    "kilometre": ("kilometre", "kilometer", "km"),
    "mile": ("mile", "mi"),
    "foot": ("foot", "feet", "ft"),
    "inch": ("inch",),
    "gram": ("gram", "g"),
    "kilogram": ("kilogram", "kilo", "kg"),
    "tonne": ("tonne", "ton"),
    "litre": ("litre", "liter", "l"),
    "percent": ("percent", "percentage", "pct"),
    "celsius": ("celsius", "centigrade", "c"),
    "fahrenheit": ("fahrenheit", "f"),
    "kelvin": ("kelvin",),
    "degree": ("degree", "deg"),
    "mph": ("mph",),
    "kph": ("kph", "kmh"),
}
# The same units in Korean, as a Korean learner writes them after the number ("12주",
# "3시간", "800만 원"); ``normalise`` parts a Hangul word from the digits before it.
_KOREAN_UNIT_NAMES = {
    "second": ("초",),
    "minute": ("분",),
    "hour": ("시간",),
    "day": ("일",),
    "week": ("주", "주일"),
    "month": ("개월", "달"),
    "year": ("년",),
    "dollar": ("달러",),
    "won": ("원",),
    "metre": ("미터",),
    "kilometre": ("킬로미터",),
    "kilogram": ("킬로그램",),
    "degree": ("도",),
}
UNITS = {
    name: unit
    for names_of in (_UNIT_NAMES, _KOREAN_UNIT_NAMES)
    for unit, names in names_of.items()
    for name in names
}
_TEMPERATURES = frozenset({"celsius", "fahrenheit", "kelvin", "degree"})
# Words that join a compound unit ("km per second").
_UNIT_JOINERS = frozenset({"per", "a", "an"})
# Words before a unit in the question that make it the unit asked in: "how many weeks",
# "what percentage", "in Celsius", "in km/s" (s follows km), "per hour", a number.
_ASKING_WORDS = frozenset({"many", "much", "what", "which", "in", "per"})
# Nouns naming people: any of them fits a question that counts people.
PEOPLE = frozenset(
    {
        "people",
        "person",
        "명",  # the Korean counter of people, after the number
        "individual",
        "man",
        "men",
        "woman",
        "women",
        "child",
        "children",
        "adult",
        "defector",
        "refugee",
        "escapee",
        "escaper",
        "migrant",
        "immigrant",
        "emigrant",
        "korean",
        "resident",
        "citizen",
        "civilian",
        "national",
    }
)
# Small words that join what is counted to more about it ("defectors from the North",
# "people who have escaped"): fine after the first word, never as the first.
_LINKING = frozenset({"from", "of", "in", "the", "who", "that", "have", "has", "had", "to"})
YEAR_MARKS = frozenset({"ad", "ce", "년"})  # 년: Korean "year", written after it
_ASKS_YEAR = re.compile(r"\b(?:which|what) year\b|\bwhen\b")


def _unit(word: str) -> str | None:
    """The unit ``word`` names, if any ("weeks" and "celsius" both as written)."""
    return UNITS.get(word) or UNITS.get(singular(word))


def units_asked(context: str) -> frozenset[str]:
    """The units the question asks in: a unit word right after "how many", "what", "in",
    "per", a number, or another such unit ("km/s")."""
    words = normalise(context).split()
    asked: set[str] = set()
    previous_asked = False
    for before, word in zip(["", *words], words, strict=False):
        unit = _unit(word)
        asks = before in _ASKING_WORDS or before.isdigit() or previous_asked
        if unit is not None and asks:
            asked.add(unit)
        previous_asked = unit is not None and asks
    return frozenset(asked)


@dataclass(frozen=True)
class NumberFrame:
    """What the question lends a number: the words it uses, the units it asks in,
    whether it counts people and whether it asks for a year."""

    words: frozenset[str]
    units: frozenset[str]
    counts_people: bool
    asks_year: bool

    @classmethod
    def of(cls, context: str) -> NumberFrame:
        words = frozenset(singular(word) for word in normalise(context).split())
        asks_year = bool(_ASKS_YEAR.search(normalise(context)))
        return cls(words, units_asked(context), bool(words & PEOPLE), asks_year)

    def _fits_unit(self, unit: str, own_units: frozenset[str]) -> bool:
        allowed = self.units | own_units
        if unit == "degree" or (unit in _TEMPERATURES and "degree" in allowed):
            return unit in allowed or bool(allowed & _TEMPERATURES)
        return unit in allowed

    def refusal(self, number: str, tail: list[str], own_units: frozenset[str]) -> str | None:
        """None when ``tail`` may follow the right ``number``, else why it may not (a
        reason for the learner that says the number is right)."""
        quoted = ", ".join(f"'{word}'" for word in tail)
        if any(word in MONTHS for word in tail):
            return f"wrong: the number is right, but {quoted} makes it a date"
        if self.asks_year and len(number) == 4:
            if all(word in YEAR_MARKS for word in tail):
                return None
            return f"wrong: the year is right, but {quoted} after it makes it a count"
        for word in tail:
            unit = _unit(word)
            if unit is not None and not self._fits_unit(unit, own_units):
                return f"wrong: the number is right, but '{word}' is not its unit"
        nouns = [word for word in tail if _unit(word) is None and word not in _UNIT_JOINERS]
        nouns = nouns[:1] + [word for word in nouns[1:] if word not in _LINKING]
        for word in nouns:
            known = singular(word) in self.words
            if not known and not (self.counts_people and singular(word) in PEOPLE):
                return f"wrong: the number is right, but the question does not count {quoted}"
        return None


def own_units(core: str) -> frozenset[str]:
    """The units an accepted answer carries itself ("71 percent" carries percent)."""
    return frozenset(unit for unit in map(_unit, core.split()[1:]) if unit is not None)


def units_named(core: str) -> str:
    """A read answer with each unit after a number (or after "per") by its name: "10 km"
    and "10 kilometers" both read "10 kilometre"."""
    words = core.split()
    named = [
        (_unit(word) if before.isdigit() or before == "per" else None) or word
        for before, word in zip(["", *words], words, strict=False)
    ]
    return " ".join(named)
