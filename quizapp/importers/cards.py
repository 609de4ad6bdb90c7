"""Quizlet's two-sided cards turned into facts asked in several ways.

Each card becomes a flashcard (term -> definition); when the term is short enough to
type it also becomes a typed question (definition -> term), as Quizlet's "Learn" asks
it; when the definition mentions the term, a cloze sentence blanks it out. Anki notes
have note types that say how they are asked: see ``anki_notes``.
"""

from __future__ import annotations

import re

from ..richtext import plain_text
from .anki_notes import TYPEABLE_LENGTH
from .records import BLANK, ParsedFact, ParsedQuestion, fact_statement, key_from_text, unique_key


def card_fact(
    front: str,
    back: str,
    *,
    line: int,
    taken: set[str],
    topic: str = "",
    key: str = "",
) -> ParsedFact:
    content_key = "" if key else key_from_text(front)
    fact = ParsedFact(
        key=unique_key(key or content_key, taken),
        content_key=content_key,
        statement=fact_statement(front, back) if back else plain_text(front),
        topic=topic,
        line=line,
    )
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
    folded_sentence, folded_term = sentence.lower(), term.lower()
    if len(folded_sentence) == len(sentence) and len(folded_term) == len(term):
        # As the pattern below reads it, without compiling one pattern per card (a deck of
        # 100,000 cards spent most of its preview there).
        if folded_sentence.count(folded_term) != 1:
            return ""
        start = folded_sentence.index(folded_term)
        return sentence[:start] + BLANK + sentence[start + len(term) :]
    pattern = re.compile(re.escape(term), re.IGNORECASE)
    if len(pattern.findall(sentence)) != 1:
        return ""
    return pattern.sub(lambda _: BLANK, sentence)
