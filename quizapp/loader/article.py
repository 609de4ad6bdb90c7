"""A plain-text news article as story paragraphs and sentences, without the clutter.

News pages carry lines that are not the story: headlines, bylines, "Updated ..." and
"Published ..." stamps, "See Also" and "Read Next" links, photo credits, copyright
notices, "generated using" notes and advertising. Nothing may be asked about those, so
they are dropped before anything is proposed, as is a dateline opening the first
paragraph ("SEOUL, South Korea (CNN) —").
Paragraphs are numbered as the story's own: the lines dropped are not counted, so a
fact's ``paragraph`` is the one a reader counts in the story itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOILERPLATE = [
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^(see also|read next|read more|also read|related( stories| articles)?|recommended"
        r"|more from|don't miss|trending)\b",
        r"^(updated|published|posted|last updated|first published|last modified)\b",
        r"^(photo|image|picture|illustration|video|graphic)s?\b.{0,80}"
        r"\b(via|by|credit|courtesy|shutterstock|getty|reuters|afp|ap)\b",
        r"^(photo|image)s?( credit)?s?\s*:",
        r"\b(shutterstock|getty images|istock|unsplash)\b.{0,40}$",
        r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b",
        r"\b(generated (using|by|with)|edited by|written by|reporting by|editing by"
        r"|additional reporting)\b",
        r"\b(subscribe|sign up|newsletter|advertisement|sponsored|click here|download (our|the) app"
        r"|trade confidently|free reports?|analyst ratings|investment advice|promo code"
        r"|affiliate link)\b",
    )
]
_NAME = r"[A-Z][\w.'\u2019-]+"
# "By Jane Park and Lee Min, CNN"; not "By noon, ..." nor "By Tuesday, ...".
_BYLINE = re.compile(
    rf"^By\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The)\b)"
    rf"{_NAME}(?:\s+{_NAME}){{0,3}}(?:\s+(?:and|&)\s+{_NAME}(?:\s+{_NAME}){{0,3}})?"
    r"(?:\s*[,|]\s*[\w .&'-]{0,30})?$"
)
# A dateline: the place in capitals, maybe a region or date, maybe the agency, a dash.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'-]{2,}(?: [A-Z][A-Z.'-]+)*(?:,\s*[A-Z][\w .'-]{1,30}?)?"
    r"(?:\s*\([^)]{1,30}\))?\s*(?:[\u2014\u2013]|--?)\s+(?=\S)"
)
# A story paragraph ends as a sentence does; a line that does not is a headline or label.
_SENTENCE_CLOSE = tuple(".!?\"')\u201d\u2019\u2026")
# "What Happened:" and similar section labels open some paragraphs; they are not story.
_SECTION_LABEL = re.compile(r"^(?:[A-Z][\w'\u2019]*\s){0,3}[A-Z][\w'\u2019]*:\s+(?=\S)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]?\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
_ABBREVIATIONS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Gen|Sen|Rep|Gov|Lt|Col|No|vs|U\.S|U\.K|Inc|Corp|Ltd|Co"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.$"
)


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return bool(_BYLINE.match(stripped)) or any(p.search(stripped) for p in _BOILERPLATE)


def read_article(text: str) -> tuple[list[Paragraph], list[int]]:
    """The story's paragraphs, and the numbers of the lines dropped as not story."""
    story: list[Paragraph] = []
    dropped: list[int] = []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        if is_boilerplate(line) or not line.endswith(_SENTENCE_CLOSE):
            dropped.append(number)
            continue
        text = _SECTION_LABEL.sub("", _DATELINE.sub("", line, count=1), count=1)
        story.append(Paragraph(len(story) + 1, text))
    return story, dropped


def sentences(paragraph: str) -> list[str]:
    """Split on sentence ends, not on the full stop of "Mr." or "U.S."."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        candidate = paragraph[start : match.start()].rstrip()
        end_of_piece = paragraph[: match.start()].rstrip('"\u201d\u2019) ')
        if _ABBREVIATIONS.search(end_of_piece):
            continue
        pieces.append(candidate + paragraph[match.start() : match.end()].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [piece.strip() for piece in pieces if piece.strip()]
