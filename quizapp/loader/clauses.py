"""The clause around a word of a sentence, and a Korean name written beside a romanised one.

A draft cloze is cut to the clause that holds its answer: a whole news sentence is
long, names several other things and is easy to answer from memory of its wording
rather than its fact. A clause too short to say anything ("In 2019") keeps its
neighbour. A name given with its Hangul spelling ("Park Daehyeon (박대현)") has that
spelling as an accepted answer, and the Hangul is taken out of the cloze, where it
would give the answer away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where one clause ends and the next begins: semicolons, dashes, a quotation's end, and a
# comma before a relative, a conjunction, an -ing phrase, an apposition ("a defector who")
# or a reporting tail ("CNN reported").
_BOUNDARY = re.compile(
    r";\s+|\s+[\u2014\u2013]\s+|\s+--?\s+|[,.!?][\"\u201d]\s+"
    r"|,\s+(?=(?:and|or|so|yet|which|who|whom|whose|where|while|but|although|though|because|whereas|after"
    r"|before|when|according|including|a|an|[a-z]+ing)\b)"
    r"|,\s+(?=[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s+(?:reported|said|says|told|added|wrote)\b)"
)
# A clause with fewer words than this joins its neighbour.
MIN_CLAUSE_WORDS = 6
_HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
_HANGUL_AFTER = re.compile(rf"\s*[(\uff08]\s*([{_HANGUL}][{_HANGUL}\s]*?)\s*[)\uff09]")
_HANGUL_BEFORE = re.compile(rf"([{_HANGUL}][{_HANGUL}\s]*?)\s*[(\uff08]\s*$")
_CLOSE_AFTER = re.compile(r"^\s*[)\uff09]")
_HANGUL_ANYWHERE = re.compile(rf"\s*[(\uff08]\s*[{_HANGUL}][{_HANGUL}\s]*[)\uff09]")
_EDGE = " ,;:\"'\u201c\u201d\u2018\u2019"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _clauses(sentence: str) -> list[Span]:
    spans, start = [], 0
    for match in _BOUNDARY.finditer(sentence):
        spans.append(Span(start, match.start() + (1 if match.group(0)[0] in ".!?" else 0)))
        start = match.end()
    spans.append(Span(start, len(sentence)))
    return [span for span in spans if sentence[span.start : span.end].strip()]


def _words(sentence: str, span: Span) -> int:
    return len(sentence[span.start : span.end].split())


def clause_around(sentence: str, start: int, end: int) -> Span:
    """The clause of ``sentence`` holding ``start:end``, joined with its neighbours until
    it has MIN_CLAUSE_WORDS words (or is the whole sentence)."""
    spans = _clauses(sentence)
    first = last = next(
        (i for i, span in enumerate(spans) if span.start <= start < span.end), len(spans) - 1
    )
    while _words(sentence, Span(spans[first].start, spans[last].end)) < MIN_CLAUSE_WORDS:
        if last + 1 < len(spans):
            last += 1
        elif first > 0:
            first -= 1
        else:
            break
    return Span(spans[first].start, spans[last].end)


def hangul_beside(sentence: str, start: int, end: int) -> tuple[str, Span] | None:
    """The Hangul spelling written in brackets after (or before, with the name in
    brackets) the name at ``start:end``, and the span of text to leave out of a cloze."""
    after = _HANGUL_AFTER.match(sentence, end)
    if after:
        return after.group(1).strip(), Span(end, after.end())
    before = _HANGUL_BEFORE.search(sentence[:start])
    close = _CLOSE_AFTER.match(sentence[end:])
    if before and close:
        return before.group(1).strip(), Span(before.start(), end + close.end())
    return None


def cloze_text(sentence: str, start: int, end: int, blank: str) -> str:
    """The clause around ``start:end`` with a blank in its place, as a sentence of its own."""
    hangul = hangul_beside(sentence, start, end)
    if hangul is not None:
        cut = hangul[1]
        if cut.start < start:  # "박대현 (Park Daehyeon)": the name stays, in its own place
            sentence = sentence[: cut.start] + sentence[start:end] + sentence[cut.end :]
            start, end = cut.start, cut.start + (end - start)
        else:
            sentence = sentence[:end] + sentence[cut.end :]
    span = clause_around(sentence, start, end)
    text = sentence[span.start : start] + blank + sentence[end : span.end]
    text = _HANGUL_ANYWHERE.sub("", text).strip(_EDGE)
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith((".", "!", "?")) else text.rstrip(".,;:") + "."
