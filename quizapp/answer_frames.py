"""What may stand around a right answer that is not a number, and a president's family
name.

A learner frames a right answer the way one speaks: "Supreme Leader Kim Jong Un",
"the city of Pyongyang", "CNN news", "we should celebrate it". The frame is set aside
only when it adds nothing that could be a second answer:

- before a name (an answer written with a capital), a title from a short list ("Supreme
  Leader", "Chairman", "General Secretary", ...), as "President" and "Mr" are anywhere;
- before or after a name, a generic head noun saying what kind of thing it names ("city",
  "the city of", "capital", "non-profit", "news network"), when the question or fact
  uses that noun: "Pyongyang city" for "which city", "CNN news" for "which news
  network"; "Seoul city" is still Seoul, and "Pyongyang country" is not a city;
- before any answer without digits, "to" (an infinitive: "to celebrate it") or a short
  subject and the question's own modal ("we should celebrate it" when the question
  asks what everyone *should* do). The subject is a pronoun or a plain word for people,
  never "nobody", and a "not" after the modal stays in the answer, so it stays wrong.

Around a name, the question's or fact's own words next to it, as they stand there, are
an echo of the story and set aside ("Kim Yo Jong, Kim Jong Un's sister"; after a place,
its country: "Pyongyang, North Korea" where the fact says "Pyongyang, North Korea's
capital"); a neighbour in a list never is ("Kaesong, Wonsan"), nor half an apposition
that names someone else ("Kim Yo Jong, Kim Jong Un").

The family name of a president is the last word of a Western name ("Lincoln", "de
Gaulle") and the first of an East Asian one ("Yoon", "Moon"); a Hangul or Chinese
spelling among the accepted answers, a given name hyphenated in Korean style
("Jae-in"), or a common Korean or Chinese family name first says which order it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from .answer_forms import normalise, singular
from .answer_units import PEOPLE

# Titles that may stand before a person's name, longest first.
TITLES = tuple(
    tuple(title.split())
    for title in sorted(
        [
            "supreme leader",
            "great leader",
            "dear leader",
            "leader",
            "chairman",
            "chairwoman",
            "chair",
            "general secretary",
            "secretary general",
            "general",
            "marshal",
            "comrade",
            "premier",
            "prime minister",
            "chancellor",
            "king",
            "queen",
            "emperor",
            "empress",
            "prince",
            "princess",
            "sir",
            "dame",
            "lord",
            "lady",
            "professor",
            "prof",
            "senator",
            "governor",
            "mayor",
        ],
        key=lambda title: -len(title.split()),
    )
)
# Generic head nouns naming what kind of thing a name is, written joined ("non-profit"
# is "nonprofit"); one fits when the question or fact uses it.
HEAD_NOUNS = frozenset(
    {
        "city",
        "capital",
        "town",
        "village",
        "province",
        "state",
        "country",
        "nation",
        "region",
        "county",
        "district",
        "island",
        "river",
        "mountain",
        "lake",
        "venue",
        "plaza",
        "square",
        "nonprofit",
        "charity",
        "organisation",
        "organization",
        "group",
        "foundation",
        "ngo",
        "company",
        "firm",
        "party",
        "network",
        "channel",
        "broadcaster",
        "news",
        "newspaper",
        "agency",
        "university",
        "school",
        "museum",
    }
)
# The head nouns that say the answer is a place, which its country or region may follow.
PLACE_NOUNS = frozenset(
    {"city", "capital", "town", "village", "province", "state", "country", "region"}
    | {"county", "district", "island", "venue", "plaza", "square"}
)
# Subjects that may stand before a modal: pronouns and plain words for people.
SUBJECTS = frozenset({"i", "we", "you", "they", "everyone", "everybody", "all", "us", "one"})
SUBJECTS |= PEOPLE
# Modals, as the first word the question must use too, with the words after it.
MODALS = (
    ("ought", "to"),
    ("need", "to"),
    ("have", "to"),
    ("has", "to"),
    ("should",),
    ("must",),
    ("shall",),
    ("will",),
    ("would",),
    ("can",),
    ("could",),
)
_MAX_SUBJECT_WORDS = 3
# Small words that belong to a Western family name ("de Gaulle", "Van Buren").
_NAME_PARTICLES = frozenset({"de", "del", "della", "da", "di", "du", "la", "le", "van", "von"})
# Common Korean and Chinese family names, which come first in the name.
_EAST_ASIAN_FAMILY_NAMES = frozenset(
    {
        "kim",
        "lee",
        "yi",
        "rhee",
        "park",
        "pak",
        "choi",
        "choe",
        "jung",
        "chung",
        "jeong",
        "kang",
        "cho",
        "jo",
        "yoon",
        "yun",
        "jang",
        "chang",
        "lim",
        "im",
        "han",
        "oh",
        "seo",
        "shin",
        "kwon",
        "hwang",
        "ahn",
        "song",
        "moon",
        "mun",
        "roh",
        "noh",
        "chun",
        "jeon",
        "ko",
        "go",
        "xi",
        "mao",
        "hu",
        "jiang",
        "deng",
        "zhou",
        "tsai",
        "lai",
        "ma",
        "wang",
        "zhang",
        "chen",
        "liu",
        "yang",
        "li",
    }
)
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]")
_SEPARATORS = re.compile(r"[,;]")
_SENTENCE_ENDS = re.compile(r"[.?!]+(?:\s+|$)")
_LIST_WORDS = frozenset({",", "and", "or"})
# A Korean-style given name: its two syllables hyphenated, the second in lower case.
_HYPHENATED_GIVEN_NAME = re.compile(r"\s\w+-[a-z]+\s*$")


def _phrase_at(words: list[str], start: int, phrases: Iterable[tuple[str, ...]]) -> int:
    """The length of the first of ``phrases`` found at ``start`` in ``words``, else 0."""
    for phrase in phrases:
        if tuple(words[start : start + len(phrase)]) == phrase:
            return len(phrase)
    return 0


@dataclass(frozen=True)
class Frame:
    """What the question lends a non-number answer: the head nouns and modals it uses."""

    head_nouns: frozenset[str]
    modals: tuple[tuple[str, ...], ...]
    # The question's and fact's words in order, plurals and possessives folded.
    wording: tuple[str, ...] = ()

    @classmethod
    def of(cls, context: str) -> Frame:
        words = normalise(context).split()
        joined = {"".join(pair) for pair in pairwise(words)}
        used = set(words) | {singular(word) for word in words} | joined
        modals = tuple(modal for modal in MODALS if modal[0] in words)
        return cls(HEAD_NOUNS & used, modals, _wording(context))

    def echoed(self, words: list[str], name: list[str]) -> tuple[list[str], list[str]]:
        """``words`` without what stands before or after ``name`` when the question or
        fact writes the name with just those words around it: "Pyongyang, North Korea"
        where the fact says "Pyongyang, North Korea's capital", "Seoul's Dongdaemun Design
        Plaza" where it says so. An echo of the story's own words adds nothing; "Seoul,
        Pyongyang" (two candidates) is never written so, and stays."""
        size = len(name)
        if len(words) <= size or name not in (words[:size], words[-size:]):
            return words, []
        name_first = words[:size] == name
        phrase = tuple(singular(word) for word in words)
        place = bool(self.head_nouns & PLACE_NOUNS)
        if not _said_so(phrase, self.wording, name_first, place):
            return words, []
        if name_first:
            return words[:size], words[size:]
        return words[-size:], words[:-size]

    def _is_head_noun(self, words: list[str]) -> bool:
        noun = "".join(words)
        return noun in self.head_nouns or singular(noun) in self.head_nouns

    def _leading(self, words: list[str]) -> int:
        """How many words at the start are a title, or a head noun the question uses
        (with an "of" after it: "the city of Pyongyang")."""
        size = _phrase_at(words, 0, TITLES)
        size = size or next((n for n in (2, 1) if self._is_head_noun(words[:n])), 0)
        if size and words[size : size + 1] == ["of"]:
            size += 1
        return size

    def _trailing(self, words: list[str]) -> int:
        """How many words at the end are a head noun the question uses, with a "the"
        before it ("Pyongyang, the capital")."""
        size = next((n for n in (2, 1) if self._is_head_noun(words[len(words) - n :])), 0)
        if size and words[-size - 1 : -size] == ["the"]:
            size += 1
        return size

    def around_name(self, words: list[str]) -> tuple[list[str], list[str]]:
        """``words`` without one title or head noun before or after a name, and the words
        set aside (none when there is no such frame, or nothing would be left)."""
        size = self._leading(words)
        if 0 < size < len(words):
            return words[size:], words[:size]
        size = self._trailing(words)
        if 0 < size < len(words):
            return words[:-size], words[-size:]
        return words, []

    def before_verb(self, words: list[str]) -> tuple[list[str], list[str]]:
        """``words`` without "to" or a short subject and the question's modal before
        them, and the words set aside."""
        if words[:1] == ["to"] and len(words) > 1:
            return words[1:], words[:1]
        for start in range(_MAX_SUBJECT_WORDS + 1):
            if any(word not in SUBJECTS for word in words[:start]):
                break
            size = _phrase_at(words, start, self.modals)
            if size and start + size < len(words):
                return words[start + size :], words[: start + size]
        return words, []


def _wording(context: str) -> tuple[str, ...]:
    """The context's words in order, plurals and possessives folded, with a ``,`` token
    where it separates things (a comma, a semicolon) and a ``.`` token where a sentence
    ends, so a list, and where it stops, can be seen."""
    words: list[str] = []
    for sentence in _SENTENCE_ENDS.split(context):
        for chunk in _SEPARATORS.split(sentence):
            words.extend(singular(word) for word in normalise(chunk).split())
            words.append(",")
        words[-1] = "."
    return tuple(words)


def _in_a_list(after: tuple[str, ...]) -> bool:
    """True when the words after a phrase show it was an item of a list: an "and" or
    "or" next, or a comma and then an "and" or "or" before the sentence ends ("Kaesong,
    Wonsan, Hamhung and Pyongyang"). A comma closing an apposition is not a list:
    "Kim Yo Jong, Kim Jong Un's sister, gave South Korea a warning"."""
    if not after or after[0] == ".":
        return False
    if after[0] != ",":
        return after[0] in _LIST_WORDS
    rest = after[1 : after.index(".")] if "." in after else after[1:]
    return bool(_LIST_WORDS & set(rest) - {","})


def _ends_a_part(after: tuple[str, ...]) -> bool:
    """True when a comma or the sentence's end follows: the echo took a whole part."""
    return not after or after[0] in {",", "."}


def _said_so(
    phrase: tuple[str, ...], wording: tuple[str, ...], name_first: bool, place: bool
) -> bool:
    """True when ``wording`` holds ``phrase`` and it is not part of a list: no "and" or
    "or" in it, and not an item of a list on the side of the words added to the name.
    A comma may stand between the name and what follows it ("Pyongyang, North Korea"),
    never between what precedes it and the name ("Sinuiju, Chongjin" lists two). After
    the name the echo takes a whole part ("Kim Yo Jong, Kim Jong Un's sister", never
    just "Kim Yo Jong, Kim Jong Un"), unless the question asks for a ``place``, whose
    country or region may follow it ("Pyongyang, North Korea")."""
    if _LIST_WORDS & set(phrase):
        return False
    plain = [index for index, word in enumerate(wording) if word != ","]
    for start in range(len(plain) - len(phrase) + 1):
        at = plain[start : start + len(phrase)]
        if tuple(wording[index] for index in at) != phrase:
            continue
        if name_first:
            after = wording[at[-1] + 1 :]
            if not _in_a_list(after) and (place or _ends_a_part(after)):
                return True
            continue
        if at[-1] - at[0] >= len(phrase):  # a comma inside: a list, not a name
            continue
        before = wording[max(at[0] - 1, 0) : at[0]]
        if not before or before[0] not in _LIST_WORDS:
            return True
    return False


def is_east_asian(accepted: Iterable[str]) -> bool:
    """True when the accepted spellings of a name put the family name first."""
    for answer in accepted:
        words = normalise(answer).split()
        if _CJK.search(answer) or _HYPHENATED_GIVEN_NAME.search(answer):
            return True
        if len(words) > 1 and words[0] in _EAST_ASIAN_FAMILY_NAMES:
            return True
    return False


def family_name(core: str, east_asian: bool) -> str | None:
    """The family name of the name ``core`` (normalised), or None for a single word."""
    words = core.split()
    if len(words) < 2:
        return None
    if east_asian:
        return words[0]
    start = len(words) - 1
    while start > 1 and words[start - 1] in _NAME_PARTICLES:
        start -= 1
    return " ".join(words[start:])
