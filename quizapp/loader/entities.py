"""Numbers, dates and names in a sentence, found with patterns and capital letters.

No language model: a draft only has to propose; the teacher decides. Dates and
numbers are matched first, then runs of capitalised words, which are sorted into
people, places and organisations by the words inside them ("Plaza", "Ministry"),
the words just before them ("said", "President", "in", "the organisation") and a
few shapes (an acronym is an organisation; "South Korea" is a place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


MONTHS = _words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
_MONTH = "|".join(MONTHS)
_ORDINAL = r"(?:st|nd|rd|th)?"

_DATE_PATTERNS = [
    ("date", re.compile(rf"\b\d{{1,2}}{_ORDINAL} (?:{_MONTH})(?:,? \d{{4}})?\b")),
    ("date", re.compile(rf"\b(?:{_MONTH}) \d{{1,2}}{_ORDINAL}(?:,? \d{{4}})?\b(?!,\d)")),
    ("month", re.compile(rf"\b(?:{_MONTH}) \d{{4}}\b")),
    # A bare month only after a word that makes it one ("in May", not "May I").
    (
        "month",
        re.compile(rf"\b(?:[Ii]n|of|by|since|until|early|late|last|next) (?P<v>{_MONTH})\b"),
    ),
    ("weekday", re.compile(rf"\b(?:{'|'.join(WEEKDAYS)})\b")),
    # A comma after a year or number ends the clause ("In 2019, he left.") unless digits
    # follow it (a thousands separator).
    ("year", re.compile(r"(?<![\d,.$€£])\b(?:1[6-9]\d\d|20\d\d)\b(?![\d%]|[,.]\d)")),
    (
        "number",
        re.compile(
            r"(?<![\w.,])[$€£]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:%| percent\b| (?:million|billion)\b)?"
            r"|(?<![\w.,])[$€£]?\d+(?:\.\d+)?(?:%| percent\b| (?:million|billion)\b)?(?!\w|,\d)"
        ),
    ),
]

_WORD = re.compile(r"[A-Za-z][\w]*(?:[-'\u2019\u2018][A-Za-z]+)*['\u2019\u2018]?|\S")
_CONNECTORS = {"of", "de", "da", "van", "von", "bin", "al"}
_SENTENCE_STARTERS = set(
    _words(
        """a an the this that these those it its he she they we i you his her their our my
        in on at by for with from to of as if but and or so yet still also however meanwhile
        furthermore moreover despite after before when while since although though because
        many some most several few all both each every other others there here what why how
        who whom which where one two three activists officials critics experts"""
    )
)
_TITLES = set(
    _words(
        """president prime minister mr mrs ms dr sir dame king queen prince princess pope
        senator governor mayor chancellor general gen leader chairman chairwoman chair ceo
        secretary professor prof judge sister brother wife husband son daughter mother father
        founder spokesperson spokesman spokeswoman official defector activist chief director
        coach captain colonel lt sgt rev reverend said says told added according"""
    )
)
_PLACE_WORDS = set(
    _words(
        """plaza square street road avenue city county province river lake mountain mount
        island islands bay sea ocean hall stadium centre center museum airport station bridge
        tower palace gate district village valley peninsula region border park arena market
        cathedral temple coast"""
    )
)
_PLACE_FIRST = {
    "north",
    "south",
    "east",
    "west",
    "united",
    "republic",
    "new",
    "central",
    "port",
    "fort",
    "mount",
    "lake",
    "saint",
    "san",
    "santa",
    "cape",
}
_ORG_WORDS = set(
    _words(
        """inc corp corporation company co ltd llc plc group association organization
        organisation foundation institute university college school agency ministry
        department council committee commission party union bank network news times post
        journal press bureau office army navy police court church fund trust society club
        league federation alliance reuters bloomberg"""
    )
)
_ORG_BEFORE = set(
    _words(
        """organization organisation non-profit nonprofit charity company firm group agency
        network newspaper broadcaster outlet startup ngo publisher"""
    )
)
_PLACE_BEFORE = {"in", "at", "from", "to", "across", "near", "into", "toward", "towards", "via"}
_EVENT_WORDS = {"day", "festival", "war", "games", "olympics", "cup", "summit", "week"}
_DEMONYM = re.compile(r"(?:ean|ian|ese|ish)s?$|ans$")
_POSSESSIVE = re.compile(r"['\u2019\u2018]s?$")


@dataclass(frozen=True)
class Entity:
    text: str
    kind: str  # number, year, date, month, weekday, person, place, organisation, event, name
    start: int
    end: int


def find_entities(sentence: str) -> list[Entity]:
    """Every number, date and name in ``sentence``, in order, never overlapping."""
    found: list[Entity] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(sentence):
            group = "v" if "v" in pattern.groupindex else 0
            start, end = match.span(group)
            if not any(start < stop and begin < end for begin, stop in taken):
                found.append(Entity(match.group(group), kind, start, end))
                taken.append((start, end))
    found += _names(sentence, taken)
    return sorted(found, key=lambda entity: entity.start)


def _names(sentence: str, taken: list[tuple[int, int]]) -> list[Entity]:
    tokens = list(_WORD.finditer(sentence))
    names: list[Entity] = []
    run: list[re.Match[str]] = []
    # Index of the first word token: the sentence's first word is capitalised anyway.
    first_word = next((i for i, t in enumerate(tokens) if t.group(0)[0].isalpha()), -1)

    def close(end_index: int) -> None:
        if run:
            names.extend(_classify_run(sentence, tokens, run, end_index, first_word))
            run.clear()

    for index, token in enumerate(tokens):
        text = token.group(0)
        inside_taken = any(token.start() < end and start < token.end() for start, end in taken)
        capital = text[0].isupper() and text[0].isalpha() and not inside_taken
        if capital:
            run.append(token)
            # "Kim Jong Un's North Korea" is two names; "Defectors' Day" is one.
            if re.search(r"['\u2019\u2018]s$", text):
                close(index + 1)
        elif run and text in _CONNECTORS and index + 1 < len(tokens):
            following = tokens[index + 1].group(0)
            if following[0].isupper():
                run.append(token)
            else:
                close(index)
        else:
            close(index)
    close(len(tokens))
    return names


def _word_before(tokens: list[re.Match[str]], index: int) -> str:
    """The word before token ``index``, skipping one comma ("sister, Kim Yo Jong")."""
    position = index - 1
    if position >= 0 and tokens[position].group(0) in {",", "the", "The"}:
        position -= 1
    return tokens[position].group(0).lower() if position >= 0 else ""


def _classify_run(
    sentence: str,
    tokens: list[re.Match[str]],
    run: list[re.Match[str]],
    end_index: int,
    first_word: int,
) -> list[Entity]:
    split = _split_at_title(sentence, tokens, run, end_index, first_word)
    if split is not None:
        return split
    run, start_index, first_word = _trim_run(run, tokens.index(run[0]), first_word)
    words = [token.group(0) for token in run]
    if _not_a_name(words, start_index, first_word):
        return []
    if len(words) > 1 and words[0].lower().rstrip(".") in _TITLES:
        return _as_person(sentence, run[1:])  # "Mayor Helen Ortiz"
    next_word = tokens[end_index].group(0) if end_index < len(tokens) else ""
    if _demonym_as_adjective(words, next_word):
        return []  # "North Korean defectors", "North Koreans who"; not "Sarah Evans said"
    kind = _kind(words, _word_before(tokens, start_index), next_word, tokens, end_index)
    return [_entity(sentence, run, kind)]


def _split_at_title(
    sentence: str,
    tokens: list[re.Match[str]],
    run: list[re.Match[str]],
    end_index: int,
    first_word: int,
) -> list[Entity] | None:
    """A title inside the run ("South Korean President Yoon Suk Yeol") splits it: the
    words before are classified on their own, the words after are a person. ``None``
    when the run has no title inside."""
    start_index = tokens.index(run[0])
    for position, token in enumerate(run):
        if token.group(0).lower().rstrip(".") in _TITLES and 0 < position < len(run) - 1:
            before_end = start_index + position
            before = _classify_run(sentence, tokens, run[:position], before_end, first_word)
            return before + _as_person(sentence, run[position + 1 :])
    return None


def _trim_run(
    run: list[re.Match[str]], start_index: int, first_word: int
) -> tuple[list[re.Match[str]], int, int]:
    """Drop a word that merely starts the sentence ("But", "When") and trailing connectors
    ("of", "and"); once the first word is dropped the run no longer starts the sentence."""
    while run and start_index == first_word and run[0].group(0).lower() in _SENTENCE_STARTERS:
        run, start_index, first_word = run[1:], start_index + 1, -2
    while run and run[-1].group(0) in _CONNECTORS:
        run = run[:-1]
    return run, start_index, first_word


def _not_a_name(words: list[str], start_index: int, first_word: int) -> bool:
    if not words:
        return True
    if len(words) == 1 and start_index == first_word:
        return True  # a capitalised first word is usually just the start of the sentence
    if words[-1].lower().rstrip(".") in _TITLES:
        return True
    return len(words) == 1 and words[0].lower() in _PLACE_FIRST  # "the South": a direction


def _demonym_as_adjective(words: list[str], next_word: str) -> bool:
    last = _POSSESSIVE.sub("", words[-1])
    adjective = not next_word or next_word[0].islower() or next_word.lower() in _TITLES
    demonym_shape = len(words) == 1 or (len(words) == 2 and words[0].lower() in _PLACE_FIRST)
    return bool(demonym_shape and _DEMONYM.search(last) and (adjective or next_word == ","))


def _kind(
    words: list[str],
    before: str,
    next_word: str,
    tokens: list[re.Match[str]],
    end_index: int,
) -> str:
    lowered = [_POSSESSIVE.sub("", word).lower() for word in words]
    after_next = tokens[end_index + 1].group(0) if end_index + 1 < len(tokens) else ""
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
        return "organisation"
    if set(lowered) & _ORG_WORDS or before in _ORG_BEFORE:
        return "organisation"
    if lowered[-1] in _EVENT_WORDS:
        return "event"
    if lowered[-1] in _PLACE_WORDS or (lowered[0] in _PLACE_FIRST and len(words) > 1):
        return "place"
    apposition = next_word == "," and after_next.lower() in {"a", "an", "the", "who"}
    if before in _TITLES or next_word.lower() in {"said", "says", "told", "added"} or apposition:
        return "person"
    if before in _PLACE_BEFORE:
        return "place"
    return "person" if len(words) > 1 else "name"


def _as_person(sentence: str, run: list[re.Match[str]]) -> list[Entity]:
    return [_entity(sentence, run, "person")] if run else []


def _entity(sentence: str, run: list[re.Match[str]], kind: str) -> Entity:
    start, end = run[0].start(), run[-1].end()
    text = sentence[start:end]
    trimmed = _POSSESSIVE.sub("", text) if kind != "event" else text
    return Entity(trimmed, kind, start, start + len(trimmed))
