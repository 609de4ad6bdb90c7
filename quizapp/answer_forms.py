"""How a typed answer is read before it is compared: the comparable forms of one text.

``normalise`` is the plain form (no case, accents, punctuation, digit grouping or extra
spaces). ``read_answer`` goes further, the way a teacher reads a written answer: numbers
in words or with a scale ("thirty-four thousand", "34k", "3.4 million") become digits
when they are whole numbers, dates in any common form ("7/14", "the 14th of July",
"July 14th, 2024") become "14 july [2024]", a vague count ("several hundred") becomes
"hundreds", and hedges or fillers around the answer ("about", "the", "in", "President")
are set aside. Each change is noted, so the grader can tell the learner why an answer
was accepted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from .korean_numerals import read_korean_numerals

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
# A thousands separator: a comma or (thin / no-break) space between a digit and a group
# of exactly three digits, so 34,000 and 34 000 both read 34000.
_DIGIT_GROUP_SEPARATOR = re.compile(r"(?<=\d)[,\u00a0\u202f\u2009 ](?=\d{3}(?!\d))")
# A minus sign on a number ("-5", U+2212 or a full-width one), not a dash between words or
# numbers ("1950-1953", "COVID-19"): read as the word "minus", so punctuation's removal
# never turns -5 into 5. Set apart by a space only where no word or number comes before
# ("- 5", not "1950 - 1953").
_MINUS_SIGN = re.compile(
    r"(?<!\w)[-\u2012\u2013\u2212\ufe63\uff0d](?=\d)|(?:^|(?<=[^\w\s]))\s*[-\u2212]\s+(?=\d)"
)
# Words for that sign ("negative 5", Korean 영하 "below zero"), read as "minus" too.
_MINUS_WORD = re.compile(r"\b(?P<said>negative|영하) ?(?=\d)")
# A plus or sharp ending a name ("C++", "C#", "A+"): part of the name, so read as the
# word it is said as ("c plus plus", "c sharp"), never dropped as punctuation ("C" is
# not "C++").
_SYMBOLS_ENDING_NAME = re.compile(r"(?<=[^\W\d_])[+#]+(?!\w)")
_SYMBOL_WORDS = {"+": " plus", "#": " sharp"}
# An ampersand between words ("Gender Equality & Family") is "and"; one inside a name
# ("R&D", "AT&T") stays punctuation.
_AMPERSAND_BETWEEN_WORDS = re.compile(r"\s&\s")

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NUMBER = {name: index + 1 for index, name in enumerate(MONTHS)}
_MONTH_NUMBER.update({name[:3]: index + 1 for index, name in enumerate(MONTHS)})
_MONTH_NUMBER["sept"] = 9
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")\.?"
_ORDINAL_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"]
_ORDINAL_UNITS += ["eighth", "ninth"]
_ORDINAL_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth"]
_ORDINAL_TEENS += ["sixteenth", "seventeenth", "eighteenth", "nineteenth"]
# The days of a month as ordinal words ("fourteenth", "twenty-first"), spaces for hyphens.
ORDINAL_DAYS = {word: index + 1 for index, word in enumerate(_ORDINAL_UNITS)}
ORDINAL_DAYS.update({word: index + 10 for index, word in enumerate(_ORDINAL_TEENS)})
ORDINAL_DAYS.update({"twentieth": 20, "thirtieth": 30})
ORDINAL_DAYS.update({f"twenty {word}": 21 + index for index, word in enumerate(_ORDINAL_UNITS)})
ORDINAL_DAYS["thirty first"] = 31
_DAY_WORD = "|".join(
    word.replace(" ", r"[\s-]") for word in sorted(ORDINAL_DAYS, key=len, reverse=True)
)
_DAY = rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?|(?P<day_word>{_DAY_WORD}))"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_DATE_PATTERNS = (
    re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b"),
    re.compile(rf"\b{_MONTH}\s+(?:the\s+)?{_DAY}{_YEAR}\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    # With dots, and a year so it is no decimal: year first as Korea, China and Japan
    # write it ("2024. 7. 14."), the day first as most of Europe does ("14.7.2024").
    re.compile(r"\b(?P<year>\d{4})\.\s?(?P<month>\d{1,2})\.\s?(?P<day>\d{1,2})\b\.?"),
    re.compile(r"\b(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4})\b"),
    re.compile(r"\b(?P<first>\d{1,2})/(?P<second>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?\b"),
    # Korean, month first with its counters: "7월 14일", "2024년 7월 14일" (년 year, 월
    # month, 일 day); Hangul and digits are both word characters, so no \b between them.
    re.compile(
        r"(?<!\d)(?:(?P<year>\d{4})\s*년\s*)?(?P<month>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일"
        r"(?![\uac00-\ud7a3])"
    ),
)
# An ordinal in words in a read answer ("first", "twenty first"), longest first; its tens
# may already be digits there ("20 first": ``_read_number_words`` read "twenty").
_ORDINAL_WORD = re.compile(
    r"\b(?:(?P<tens>[2-9]0) )?(?P<word>"
    + "|".join(sorted(ORDINAL_DAYS, key=len, reverse=True))
    + r")\b"
)
# A time of day, with a.m./p.m. ("3pm", "3:30 p.m.", "3.30 PM") or on the 24-hour clock
# ("15:00"): read as the 24-hour "15:00", so every way of writing it is the same time.
_CLOCK_TIME = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>[0-5]\d))?\s?(?P<half>[ap])\.?\s?m\b\.?"
    r"|\b(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)\b"
)
# A number with an ordinal ending ("14th"), read as the number: the day alone, a place.
_ORDINAL_NUMBER = re.compile(r"\b(?P<number>\d+)(?:st|nd|rd|th)\b")
# A decimal with zeros at its end ("1.50", "3.140", "8.0"): the same value without them.
_TRAILING_ZEROS = re.compile(r"\b(?P<whole>\d+)[.,](?P<fraction>\d*?)0+\b")
_SCALES = "k|thousand|mn|million|bn|billion"
_SCALED_NUMBER = re.compile(rf"\b(?P<amount>\d+(?:\.\d+)?)\s*(?P<scale>{_SCALES})\b")
_SCALE_WORDS = {"k": 1000, "thousand": 1000, "mn": 10**6, "million": 10**6}
_SCALE_WORDS.update({"bn": 10**9, "billion": 10**9})
# A currency sign on a number, before it ("$5", "\u20a95,000", "$5 million") or after it
# ("5\u20ac"): read as the currency's name after the number (and its scale), so "$5" is
# "5 dollars", never "\u20ac5" nor 5 of anything.
_CURRENCY_NAMES = {"$": "dollars", "\u20ac": "euros", "\u00a3": "pounds", "\u00a5": "yen"}
_CURRENCY_NAMES["\u20a9"] = "won"
_SIGNS = "[" + "".join(_CURRENCY_NAMES) + "]"
_AMOUNT = r"\d+(?:[.,]\d+)?"
_CURRENCY = re.compile(
    rf"(?P<before>{_SIGNS})\s?(?P<amount>{_AMOUNT}(?:\s*(?:{_SCALES})\b)?)"
    rf"|(?P<number>(?<![\d.,]){_AMOUNT})\s?(?P<after>{_SIGNS})"
)
# Letters written onto a number ("10km", "12weeks"): a word of their own, as "10 km" is.
_NUMBER_THEN_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])")

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS)}
_NUMBER_WORDS.update(
    {
        word: 10 * (index + 2)
        for index, word in enumerate(
            ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        )
    }
)
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_COUNTED_AFTER_A = frozenset({"hundred", "thousand", "dozen"})  # "a hundred", "a dozen"
# A count of some hundreds or thousands ("several hundred", "a few thousand"): it says
# what "hundreds" says, so it reads as that one word.
_VAGUE_COUNT = re.compile(
    r"\b(?:several|a\s+few|a\s+couple\s+of|many)\s+"
    r"(?P<scale>dozen|hundred|thousand|million)s?\b"
)
VAGUE_COUNTS = frozenset({"dozens", "hundreds", "thousands", "millions"})

# Words set aside before an answer: hedges, articles, prepositions and titles.
LEADING_FILLERS = frozenset(
    [
        "a",
        "an",
        "the",
        "about",
        "approximately",
        "approx",
        "roughly",
        "around",
        "nearly",
        "some",
        "circa",
        "almost",
        "in",
        "on",
        "at",
        "president",
        "pres",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
    ]
)
# An era written before its year ("AD 2006") is read after it, where a year's marks are
# judged (``answer_units``): "2006 AD".
_ERA_FIRST = re.compile(r"\b(ad|ce) (\d{1,4})\b")
# "34,000+" says "more than 34,000", and is judged as that (a comparison is not the
# number: see ``grading``), not as the bare number its punctuation would leave.
_PLUS_AFTER_NUMBER = re.compile(r"(\d[\d,.]*)\+(?!\S)")
# Plain words for "more than" before a number ("over 34,000", "above 30 percent"), read
# as "more than", as "34,000+" is, and for "less than" ("under 1,000") as "less than":
# each is right wherever another of its side is, and none is the number itself. ("At
# least" and "at most" are not among them: they take in the number.)
_COMPARISONS = (
    (
        "more than",
        re.compile(
            r"\b(?P<said>over|above|upwards of|in excess of|greater than|higher than)(?= \d)"
        ),
    ),
    ("less than", re.compile(r"\b(?P<said>under|below|fewer than|lower than)(?= \d)")),
)
# A comparison said after its number (and the number's counter or unit): "34000 or
# more" is "at least 34000", as a teacher writes it, not two answers joined by "or";
# Korean says each one so: 초과 more than, 미만 less than, 이상 at least (the number or
# more), 이하 at most ("3만 명 이상": 30,000 people or more); 넘게, 넘는 (over) and 여
# ("3만여 명": 30,000-odd people) more than. Each moves before its number.
_COMPARISON_AFTER = re.compile(
    r"\b(?P<number>\d+)(?P<counter>(?: [^\W\d]{1,12}?)?)"
    r"(?: or (?P<said>more|less|fewer)\b"
    r"| ?(?P<korean>초과|미만|이상|이하|넘게|넘는|여)(?![\uac00-\ud7a3]))"
)
_SAID_AFTER = {
    "more": "at least",
    "less": "at most",
    "fewer": "at most",
    "초과": "more than",
    "미만": "less than",
    "이상": "at least",
    "이하": "at most",
    "넘게": "more than",
    "넘는": "more than",
    "여": "more than",
}
# Korean hedges before a number: 약 and 대략 ("about"). Only before a number, as 약 is
# also a word of its own (medicine); written onto the number ("약3만") they are split off.
NUMBER_HEDGES = frozenset({"약", "대략"})
_HEDGE_ON_NUMBER = re.compile(r"(?<![\uac00-\ud7a3])(약|대략)(?=\d)")
# Hedges set aside after an answer, longest first ("정도", "가량": about, in Korean).
TRAILING_FILLERS = (
    ("or", "thereabouts"),
    ("or", "so"),
    ("in", "total"),
    ("approximately",),
    ("approx",),
    ("roughly",),
    ("about",),
    ("around",),
    ("altogether",),
    ("정도",),
    ("가량",),
    ("에서",),
    ("입니다",),
    ("이에요",),
    ("이요",),
    ("예요",),
)
# Korean endings written onto an answer's last word, set aside as trailing fillers once
# split off: the particle of place 에서 ("in", "at": "서울에서") and the polite "it is"
# (입니다, and 이에요 / 이요 after a syllable closed by a consonant, 예요 after an open
# one: "서울이에요", "학교예요").
_KOREAN_ENDINGS = ("이에요", "입니다", "이요", "예요", "에서")
_AFTER_CLOSED_SYLLABLE = {"이에요": True, "이요": True, "예요": False}
_ALTERNATIVE_WORDS = frozenset({"or", "and"})


# A Korean counter written onto its number ("2024년", "34,000명") is a word of its own.
_NUMBER_THEN_HANGUL = re.compile(r"(?<=\d)(?=[\uac00-\ud7a3])")


def normalise(text: str) -> str:
    """The comparable form of an answer: no case, accents, punctuation or extra spaces."""
    folded = _PLUS_AFTER_NUMBER.sub(r"\1 plus", _fold(text))  # "34,000+" is not "34,000"
    spaced = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in folded)
    return " ".join(_NUMBER_THEN_HANGUL.sub(" ", spaced).split())


# Words in brackets standing apart ("Hanawon (resettlement centre)", "(to) escape"): how a
# Quizlet or Memrise set marks words an answer may leave out. Brackets inside a word
# ("f(x)") are part of it.
_OPTIONAL_WORDS = re.compile(r"(?:^|\s)\([^()]*\)(?=\s|$)")


def without_optional_words(text: str) -> str:
    """``text`` without its words in brackets, or "" when it has none (or is nothing else)."""
    if "(" not in text:
        return ""
    shorter = " ".join(_OPTIONAL_WORDS.sub(" ", text).split())
    return shorter if shorter != text.strip() and normalise(shorter) else ""


def option_form(text: str) -> str:
    """The comparable form of a picked option (multiple choice, true/false): ``normalise``d,
    or, for an option of punctuation and symbols only ("=", "~"), its own text without
    case, since ``normalise`` makes every such option the same empty text."""
    return normalise(text) or " ".join(unicodedata.normalize("NFC", text).casefold().split())


# Any symbol a reading in ``_fold`` is about (a minus, "+", "#", "&", a currency sign):
# most answers have none, and skip those readings (``_fold`` runs many times per answer).
_READ_SYMBOLS = re.compile(rf"[-\u2012\u2013\u2212+#&]|{_SIGNS}")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    folded = unicodedata.normalize("NFC", stripped).casefold()
    symbols = _READ_SYMBOLS.search(folded) is not None
    if symbols:
        folded = _MINUS_SIGN.sub("minus ", folded)
        folded = _SYMBOLS_ENDING_NAME.sub(_said_symbols, folded)
        folded = _AMPERSAND_BETWEEN_WORDS.sub(" and ", folded)
    folded = _DIGIT_GROUP_SEPARATOR.sub("", folded)
    if symbols:
        folded = _CURRENCY.sub(_named_currency, folded)
    return _APOSTROPHES.sub("", folded)


def _named_currency(found: re.Match[str]) -> str:
    amount = found.group("amount") or found.group("number")
    return f" {amount} {_CURRENCY_NAMES[found.group('before') or found.group('after')]} "


def _said_symbols(found: re.Match[str]) -> str:
    return "".join(_SYMBOL_WORDS[symbol] for symbol in found.group(0))


def edit_distance(first: str, second: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of two
    neighbouring letters is one typo, as are one insertion, deletion or substitution."""
    rows, cols = len(first) + 1, len(second) + 1
    table = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        table[i][0] = i
    for j in range(cols):
        table[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost = 0 if first[i - 1] == second[j - 1] else 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]:
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
    return table[-1][-1]


# Plurals no ending rule reads: the ones a story about people needs, and a few more.
_IRREGULAR_PLURALS = {
    "men": "man",
    "women": "woman",
    "children": "child",
    "people": "person",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
}


def singular(word: str) -> str:
    """The word without a plural -s, -es or -ies ending (enough for answers' last words),
    or the singular of a common irregular plural ("women", "children")."""
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) <= 2 or not word.isalpha() or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


# A word that may be a month's name with one letter off ("Jully", "Febuary").
_WORD_OF_FOUR_LETTERS = re.compile(r"[^\W\d_]{4,}")


def months_respelt(text: str) -> str:
    """``text`` with each word one typo from one month's name alone (its first letter
    right) spelt as that month: "14 Jully" is "14 july"; "Jule" (June or July?) stays."""

    def respell(found: re.Match[str]) -> str:
        word = found.group(0).casefold()
        if word in _MONTH_NUMBER:
            return found.group(0)
        near = [m for m in MONTHS if m[0] == word[0] and edit_distance(word, m) == 1]
        return near[0] if len(near) == 1 else found.group(0)

    return _WORD_OF_FOUR_LETTERS.sub(respell, text)


@dataclass(frozen=True)
class Reading:
    """One answer as the grader compares it."""

    core: str
    dropped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    year: str = ""
    alternatives: tuple[Reading, ...] = field(default=(), compare=False)
    # Written as a name: a word after the leading fillers starts with a capital or is in
    # a script without case ("Pyongyang", "CNN", "평양"), so a title may stand before it.
    proper: bool = field(default=False, compare=False)

    @property
    def date_without_year(self) -> str:
        return self.core.removesuffix(f" {self.year}") if self.year else self.core


def _day_month(day: int, month: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return f"{day} {MONTHS[month - 1]}"
    return None


def _date_text(found: re.Match[str]) -> str | None:
    """The canonical "14 july [2024]" for a matched date, or None when it is not one
    (or, for 5/6, could be either day or month first)."""
    parts = found.groupdict()
    if parts.get("first"):
        first, second = int(parts["first"]), int(parts["second"])
        if first != second and first <= 12 and second <= 12:
            return None
        date = _day_month(first, second) if first > 12 or first == second else None
        date = date or _day_month(second, first)
    else:
        month = parts["month"]
        number = int(month) if month.isdigit() else _MONTH_NUMBER[month]
        day = parts["day"] or ORDINAL_DAYS[normalise(parts.get("day_word") or "")]
        date = _day_month(int(day), number)
    if date is None:
        return None
    year = parts.get("year") or ""
    if len(year) == 2:
        year = f"20{year}"
    return f"{date} {year}".strip()


def _read_clock_times(text: str, notes: list[str]) -> str:
    """``text`` with each time of day as the 24-hour "15:00" ("3pm", "3:00 p.m.")."""

    def replace(found: re.Match[str]) -> str:
        if found.group("hour24") is not None:
            hour, minute = int(found.group("hour24")), found.group("minute24")
        else:
            hour, minute = int(found.group("hour")), found.group("minute") or "00"
            if not 1 <= hour <= 12:
                return found.group(0)
            hour = hour % 12 + (12 if found.group("half") == "p" else 0)
        time = f"{hour}:{minute}"
        if found.group(0).strip() != time:
            notes.append(f"we read '{found.group(0).strip()}' as {time}")
        return f" {time} "

    return _CLOCK_TIME.sub(replace, text)


def _read_dates(text: str, notes: list[str]) -> tuple[str, str]:
    """``text`` with each date in canonical form, and the year of the last one."""
    year = ""
    for pattern in _DATE_PATTERNS:

        def replace(found: re.Match[str]) -> str:
            nonlocal year
            date = _date_text(found)
            if date is None:
                return found.group(0)
            if normalise(found.group(0)) != date:
                notes.append(f"we read '{found.group(0).strip()}' as {date}")
            year = found.group("year") or year
            if len(year) == 2:
                year = f"20{year}"
            return f" {date} "

        text = pattern.sub(replace, text)
    return text, year


def _read_scaled_numbers(text: str, notes: list[str]) -> str:
    """``text`` with "34k" or "3.4 million" as digits, when the value is a whole number."""

    def replace(found: re.Match[str]) -> str:
        value = Decimal(found.group("amount")) * _SCALE_WORDS[found.group("scale")]
        if value != value.to_integral_value():
            return found.group(0)
        notes.append(f"we read '{found.group(0)}' as {int(value)}")
        return str(int(value))

    return _SCALED_NUMBER.sub(replace, text)


def _number_run(words: list[str], start: int) -> tuple[int, int] | None:
    """The value and end of the number written in words from ``start``, or None."""
    total = current = 0
    end = start
    spelled = False
    index = start
    while index < len(words):
        word = words[index]
        if word in _NUMBER_WORDS:
            if not _may_follow(current, _NUMBER_WORDS[word]):
                break
            current += _NUMBER_WORDS[word]
            spelled = True
        elif index == start and (word.isdigit() or word == "a"):
            # "34 thousand", "a hundred": an amount for the multiplier after it
            if word == "a" and not set(words[index + 1 : index + 2]) & _COUNTED_AFTER_A:
                break
            current = int(word) if word.isdigit() else 1
        elif word == "dozen" and index > start:  # "a dozen", "two dozen"
            spelled = True
            current *= 12
        elif word in _MULTIPLIERS and index > start:
            spelled = True
            if word == "hundred":
                current *= 100
            else:
                total += current * _MULTIPLIERS[word]
                current = 0
        elif word == "and" and index > start and index + 1 < len(words):
            if words[index + 1] not in _NUMBER_WORDS:
                break
        else:
            break
        index += 1
        end = index
    if not spelled or end == start:
        return None
    return total + current, end


def _may_follow(current: int, value: int) -> bool:
    """True when a number word worth ``value`` may follow the ``current`` value of its
    group: at the group's start or after "hundred", or a unit after a bare ten ("forty
    five"); never "nineteen forty", which is a year said in two halves, not 59."""
    below_hundred = current % 100
    if below_hundred == 0:
        return True
    return below_hundred >= 20 and below_hundred % 10 == 0 and value < 10


def _below_hundred(words: list[str], start: int) -> tuple[int, int] | None:
    """The value and end of a number from 10 to 99 in words ("nineteen", "forty five")."""
    first = _NUMBER_WORDS.get(words[start], 0) if start < len(words) else 0
    if first < 10:
        return None
    unit = _NUMBER_WORDS.get(words[start + 1], 0) if start + 1 < len(words) else 0
    if first >= 20 and 1 <= unit <= 9:
        return first + unit, start + 2
    return first, start + 1


def _spoken_year(words: list[str], start: int) -> tuple[int, int] | None:
    """A year said in two halves ("nineteen forty-five", "twenty twenty-four", "nineteen
    oh five"): its value and end, or None."""
    century = _below_hundred(words, start)
    if century is None:
        return None
    high, middle = century
    if words[middle : middle + 1] in (["oh"], ["o"]) and middle + 1 < len(words):
        unit = _NUMBER_WORDS.get(words[middle + 1], 0)
        return (high * 100 + unit, middle + 2) if 1 <= unit <= 9 else None
    rest = _below_hundred(words, middle)
    if rest is None or (rest[1] < len(words) and words[rest[1]] in _MULTIPLIERS):
        return None
    return high * 100 + rest[0], rest[1]


def _spoken_value(words: list[str], start: int) -> tuple[str, int] | None:
    """The digits of the number written in words from ``start`` and where it ends: a
    year in two halves, a whole number, or one "and a half" (1.5 reads "1 5", as
    normalise leaves a decimal)."""
    year = _spoken_year(words, start)
    if year is not None:
        return str(year[0]), year[1]
    run = _number_run(words, start)
    if run is None:
        return None
    value, end = run
    if words[end : end + 3] == ["and", "a", "half"]:
        return f"{value} 5", end + 3
    return str(value), end


def _read_number_words(text: str, notes: list[str]) -> str:
    words = text.split()
    out: list[str] = []
    index = 0
    while index < len(words):
        spoken = _spoken_value(words, index)
        if spoken is None:
            out.append(words[index])
            index += 1
            continue
        digits, end = spoken
        shown = digits.replace(" ", ".")
        notes.append(f"we read '{' '.join(words[index:end])}' as {shown}")
        out.append(digits)
        index = end
    return " ".join(out)


def _read_decimals(text: str, notes: list[str]) -> str:
    """``text`` with each decimal's zeros at the end dropped ("3.140" is 3.14)."""

    def replace(found: re.Match[str]) -> str:
        whole, fraction = found.group("whole"), found.group("fraction")
        value = f"{whole}.{fraction}" if fraction else whole
        notes.append(f"we read '{found.group(0)}' as {value}")
        return value

    return _TRAILING_ZEROS.sub(replace, text)


def _read_ordinal_numbers(text: str, notes: list[str]) -> str:
    """``text`` with "14th" read as 14, so a day alone is judged as the bare number is."""

    def replace(found: re.Match[str]) -> str:
        notes.append(f"we read '{found.group(0)}' as {found.group('number')}")
        return found.group("number")

    return _ORDINAL_NUMBER.sub(replace, text)


def ordinals_as_numbers(core: str) -> str:
    """A read answer (``Reading.core``) with its ordinal words as the numbers "14th" reads
    as ("first" 1, "twenty first" 21): for comparing "first" with "1st" only, since
    "first" and "second" are words of their own too ("First Lady", "a second")."""
    return _ORDINAL_WORD.sub(_ordinal_number, core)


# Abbreviations of words names are made of, and the word each stands for.
_ABBREVIATIONS = {
    "mt": "mount",
    "st": "saint",
    "ft": "fort",
    "univ": "university",
    "dept": "department",
    "govt": "government",
    "intl": "international",
    "natl": "national",
}
_ABBREVIATION = re.compile(r"\b(?:" + "|".join(_ABBREVIATIONS) + r")\b")


def abbreviations_spelt_out(core: str) -> str:
    """A read answer with each common abbreviation as its word ("mt paektu" is "mount
    paektu"): for comparing the two spellings only, as "st" is "street" too."""
    return _ABBREVIATION.sub(lambda found: _ABBREVIATIONS[found.group(0)], core)


def _roman(number: int) -> str:
    tens, units = divmod(number, 10)
    ones = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    return "x" * tens + ones[units]


# Roman numerals from I to XXXIX after a word ("World War II", "Louis XIV", "Henry VIII"),
# as a read answer holds them (lower case); never a first word ("Xi Jinping").
_ROMAN_VALUES = {_roman(number): number for number in range(1, 40)}
_ROMAN_AFTER_WORD = re.compile(
    r"(?<=\w )(?:" + "|".join(sorted(_ROMAN_VALUES, key=len, reverse=True)) + r")\b"
)


def romans_as_numbers(core: str) -> str:
    """A read answer with its Roman numerals after a word as numbers ("world war 2"): for
    comparing "World War II" with "World War 2", and so that a numeral gets no typo."""
    return _ROMAN_AFTER_WORD.sub(lambda found: str(_ROMAN_VALUES[found.group(0)]), core)


def _ordinal_number(found: re.Match[str]) -> str:
    value, tens = ORDINAL_DAYS[found.group("word")], found.group("tens")
    if not tens:
        return str(value)
    return str(int(tens) + value) if value < 10 else f"{tens} {value}"


def _read_vague_counts(text: str, notes: list[str]) -> str:
    """``text`` with "several hundred" or "a few hundred" read as "hundreds"."""

    def replace(found: re.Match[str]) -> str:
        words = f"{found.group('scale')}s"
        notes.append(f"we read '{found.group(0)}' as {words}")
        return words

    return _VAGUE_COUNT.sub(replace, text)


# Korean for "percent" after a number: 퍼센트, or 프로 as it is said (only after a number,
# as 프로 is also a word of its own).
_KOREAN_PERCENT = re.compile(r"(?<=\d)\s*(?:퍼센트|프로)(?![\uac00-\ud7a3])")


def _read_percent(text: str) -> str:
    """``text`` with "%", "per cent" and Korean "퍼센트" (or "프로", as it is said) after a
    number as the one word "percent"."""
    spelt = _KOREAN_PERCENT.sub(" percent ", text.replace("%", " percent "))
    return re.sub(r"\bper\s+cent\b", "percent", spelt)


def _read_minus_words(text: str, notes: list[str]) -> str:
    """``text`` (normalised, numbers as digits) with "negative 5" as "minus 5", the form
    a minus sign takes (``_fold``)."""

    def replace(found: re.Match[str]) -> str:
        notes.append(f"we read '{found.group('said')}' as minus")
        return "minus "

    return _MINUS_WORD.sub(replace, text)


def _read_comparisons(text: str, notes: list[str]) -> str:
    """``text`` (normalised, numbers as digits) with "over 34000" as "more than 34000"
    and "under 1000" as "less than 1000"."""
    for plain, said in _COMPARISONS:

        def replace(found: re.Match[str], plain: str = plain) -> str:
            notes.append(f"we read '{found.group('said')}' as '{plain}'")
            return plain

        text = said.sub(replace, text)
    return _COMPARISON_AFTER.sub(lambda found: _comparison_first(found, notes), text)


def _comparison_first(found: re.Match[str], notes: list[str]) -> str:
    """A comparison said after its number, put before it: "34000 명 이상" as "at least
    34000 명"."""
    said = found.group("korean") or found.group("said")
    plain = _SAID_AFTER[said]
    notes.append(f"we read '{said if found.group('korean') else 'or ' + said}' as '{plain}'")
    return f"{plain} {found.group('number')}{found.group('counter')}"


def _closed_syllable(char: str) -> bool:
    """Whether ``char`` is a Hangul syllable ending in a consonant (서울's 울, not 교)."""
    place = ord(char) - 0xAC00
    return 0 <= place < 11172 and place % 28 != 0


def _split_korean_ending(words: list[str]) -> list[str]:
    """``words`` with a Korean ending of the last word as a word of its own (see
    ``_KOREAN_ENDINGS``), so it is set aside as "in" or "is" would be."""
    last = words[-1] if words else ""
    for ending in _KOREAN_ENDINGS:
        stem = last.removesuffix(ending)
        if stem == last or not stem or not "\uac00" <= stem[-1] <= "\ud7a3":
            continue
        closed = _AFTER_CLOSED_SYLLABLE.get(ending)
        if closed is None or closed == _closed_syllable(stem[-1]):
            return [*words[:-1], stem, ending]
    return words


def _hedges_number(word: str, following: str) -> bool:
    """Whether ``word`` is a hedge only before a number ("year 2006", "약 30000")."""
    return (word == "year" or word in NUMBER_HEDGES) and following.isdigit()


def _strip_fillers(words: list[str]) -> tuple[list[str], list[str]]:
    """The answer without leading and trailing fillers, and the fillers it had."""
    dropped: list[str] = []
    kept = list(words)
    while len(kept) > 1:
        if kept[:2] in (["at", "least"], ["at", "most"]):
            break  # a comparison, not "at" a place
        if kept[0] in LEADING_FILLERS or _hedges_number(kept[0], kept[1]):
            dropped.append(kept.pop(0))
        else:
            break
    trimmed = True
    while trimmed and len(kept) > 1:
        trimmed = False
        for filler in TRAILING_FILLERS:
            if len(kept) > len(filler) and tuple(kept[-len(filler) :]) == filler:
                del kept[-len(filler) :]
                dropped.append(" ".join(filler))
                trimmed = True
                break
    return kept, dropped


def _split_alternatives(words: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for word in words:
        if word in _ALTERNATIVE_WORDS:
            parts.append([])
        else:
            parts[-1].append(word)
    return [part for part in parts if part]


def _written_as_name(text: str) -> bool:
    """True when a word of ``text`` after its leading fillers starts with a capital
    letter or a letter without case (Hangul, Chinese)."""
    words = text.split()
    while words and normalise(words[0]) in LEADING_FILLERS:
        words.pop(0)
    firsts = (next((ch for ch in word if ch.isalpha()), "") for word in words)
    return any(first and not first.islower() for first in firsts)


def _reading(
    words: list[str], notes: tuple[str, ...], year: str, split: bool, proper: bool = False
) -> Reading:
    kept, dropped = _strip_fillers(words)
    alternatives: tuple[Reading, ...] = ()
    if split:
        parts = _split_alternatives(kept)
        if len(parts) > 1:
            alternatives = tuple(_reading(part, (), year, False, proper) for part in parts)
    core = " ".join(kept)
    return Reading(
        core=core,
        dropped=tuple(dropped),
        notes=notes,
        year=year if core.endswith(f" {year}") else "",
        alternatives=alternatives,
        proper=proper,
    )


def read_answer(text: str, *, korean_numerals: bool = False) -> Reading:
    """``text`` as the grader compares it (see the module's docstring). With
    ``korean_numerals``, for a number's answer, "3만 4천" reads 34000 too: only then, since
    the same syllables spell names ("이천" is also the city of Icheon)."""
    notes: list[str] = []
    folded = _PLUS_AFTER_NUMBER.sub(r"more than \1", _fold(text))
    folded = _HEDGE_ON_NUMBER.sub(r"\1 ", folded)
    if korean_numerals:
        folded = read_korean_numerals(folded, notes)
    folded = _read_clock_times(folded, notes)  # before decimals: "3.30pm" is a time
    folded, year = _read_dates(folded, notes)  # before decimals: "2020.1.30" is a date
    folded = _read_decimals(folded, notes)
    folded = _read_ordinal_numbers(folded, notes)
    folded = _read_scaled_numbers(_read_percent(folded), notes)
    folded = _NUMBER_THEN_LETTER.sub(" ", folded)
    plain = _read_vague_counts(normalise(folded), notes)
    plain = _ERA_FIRST.sub(r"\2 \1", _read_number_words(plain, notes))
    plain = _read_minus_words(plain, notes)
    plain = _read_comparisons(plain, notes)
    words = _split_korean_ending(plain.split())
    return _reading(words, tuple(notes), year, True, _written_as_name(text))
