"""Korean numerals as digits: "3만 4천" and "삼만 사천" are 34,000.

Korean counts in myriads: 만 (10,000), 억 (10^8) and 조 (10^12) each close a group of
up to four digits, which 천 (1,000), 백 (100) and 십 (10) build, each after its amount
in digits ("3만 4천") or a Hangul digit ("삼만 사천"), or alone for one ("천" is 1,000).
Learners write a count so ("3만 4천명", 명 being the counter of people), so the grader
reads it as the number before comparing, when the answer is a number
(``answer_forms.read_answer``).

Only a run that holds an amount and starts a word is read: a Hangul digit is also a
syllable of other words ("이" is a particle, "사" a word of its own), and a unit alone is
a word too ("백" is a family name). A run whose units come out of order ("3백 4천"), or
whose value is not whole ("3.4567천"), is left as written, so nothing is read into a
number it does not say.
"""

from __future__ import annotations

import re
from decimal import Decimal

HANGUL_DIGITS = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
MYRIADS = {"만": 10**4, "억": 10**8, "조": 10**12}

_AMOUNT = rf"(?:\d+(?:\.\d+)?|[{''.join(HANGUL_DIGITS)}])"
_UNIT = f"[{''.join(SMALL_UNITS)}{''.join(MYRIADS)}]"
_GROUP = rf"{_AMOUNT}?{_UNIT}"
# A run of amounts and units, with a space between groups at most, and the plain number
# that may end it ("3만 4500"); it starts a word (not inside "너만" or "13.5").
_RUN = re.compile(rf"(?<![\d.\uac00-\ud7a3]){_GROUP}(?:\s?{_GROUP})*(?:\s?\d+(?![\d.]))?")
_TOKEN = re.compile(rf"\d+(?:\.\d+)?|{_UNIT}|[{''.join(HANGUL_DIGITS)}]")


def _value(run: str) -> int | None:
    """The whole number ``run`` says, or None when it says none."""
    total = group = Decimal(0)
    amount: Decimal | None = None
    last_small = last_myriad = None
    said_amount = False
    for token in _TOKEN.findall(run):
        if token in SMALL_UNITS:
            if last_small is not None and SMALL_UNITS[token] >= last_small:
                return None
            group += (Decimal(1) if amount is None else amount) * SMALL_UNITS[token]
            last_small, amount = SMALL_UNITS[token], None
        elif token in MYRIADS:
            if last_myriad is not None and MYRIADS[token] >= last_myriad:
                return None
            whole_group = group + (amount or 0)
            total += (whole_group or Decimal(1)) * MYRIADS[token]
            last_myriad, last_small, group, amount = MYRIADS[token], None, Decimal(0), None
        elif amount is not None:
            return None  # two amounts in a row ("3 4만")
        else:
            amount = Decimal(HANGUL_DIGITS.get(token, token))
            said_amount = True
    total += group + (amount or 0)
    if not said_amount or total != total.to_integral_value():
        return None
    return int(total)


def read_korean_numerals(text: str, notes: list[str]) -> str:
    """``text`` with each Korean numeral as digits ("3만 4천명" reads "34000명"), each
    reading noted for the learner."""

    def replace(found: re.Match[str]) -> str:
        value = _value(found.group(0))
        if value is None:
            return found.group(0)
        notes.append(f"we read '{found.group(0)}' as {value}")
        return str(value)

    return _RUN.sub(replace, text)
