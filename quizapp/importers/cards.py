"""Two-sided cards (Anki, Quizlet) turned into facts asked in several ways.

Each card becomes a flashcard (front -> back); when the front is short enough to type
it also becomes a typed question (back -> front); when the back mentions the front,
a cloze sentence blanks it out. Anki cloze notes (``{{c1::...}}``) become cloze questions.
"""

from __future__ import annotations

import re

from .records import BLANK, ParsedFact, ParsedQuestion, key_from_text, unique_key

TYPEABLE_LENGTH = 60
ANKI_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


def card_fact(
    front: str,
    back: str,
    *,
    line: int,
    taken: set[str],
    topic: str = "",
    key: str = "",
) -> ParsedFact:
    fact = ParsedFact(
        key=unique_key(key or key_from_text(front), taken),
        statement=f"{front} — {back}" if back else front,
        topic=topic,
        line=line,
    )
    if ANKI_CLOZE.search(front):
        fact.statement = ANKI_CLOZE.sub(lambda m: m.group(1), front)
        fact.questions = [_anki_cloze(front, back, line)]
        return fact
    fact.questions.append(ParsedQuestion("flashcard", front, back, key="flashcard", line=line))
    if len(front) <= TYPEABLE_LENGTH and "\n" not in front and back:
        fact.questions.append(ParsedQuestion("typed", back, front, key="typed", line=line))
        blanked = _blank_out(back, front)
        if blanked:
            fact.questions.append(ParsedQuestion("cloze", blanked, front, key="cloze", line=line))
    return fact


def _blank_out(sentence: str, term: str) -> str:
    """``sentence`` with its one mention of ``term`` replaced by the blank, or ``""``."""
    if not term.strip():
        return ""
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    if len(pattern.findall(sentence)) != 1:
        return ""
    return pattern.sub(lambda _: BLANK, sentence)


def _anki_cloze(text: str, extra: str, line: int) -> ParsedQuestion:
    """The first deletion becomes the blank; the others are shown filled in."""
    first = ANKI_CLOZE.search(text)
    assert first is not None
    prompt = text[: first.start()] + BLANK + text[first.end() :]
    prompt = ANKI_CLOZE.sub(lambda m: m.group(1), prompt)
    hint = first.group(2) or ""
    explanation = "\n".join(part for part in (f"Hint: {hint}" if hint else "", extra) if part)
    return ParsedQuestion(
        "cloze", prompt, first.group(1), key="cloze", explanation=explanation, line=line
    )
