"""Quizlet's text export: term and definition separated by a tab or a comma, cards by
newlines or semicolons. Quizlet does not quote fields, so each card is split on its
FIRST separator: the definition may contain commas."""

from __future__ import annotations

from .cards import card_fact
from .records import ParsedSet, check_set


def _cards(text: str) -> list[tuple[int, str]]:
    lines = [(number, line) for number, line in enumerate(text.split("\n"), 1) if line.strip()]
    if len(lines) == 1 and ";" in lines[0][1]:
        number, line = lines[0]
        return [(number, card) for card in line.split(";") if card.strip()]
    return lines


def parse_quizlet(text: str) -> ParsedSet:
    parsed = ParsedSet(format="quizlet")
    separator = "\t" if "\t" in text else ","
    taken: set[str] = set()
    for number, card in _cards(text):
        if separator not in card:
            name = "tab" if separator == "\t" else "comma"
            parsed.error(number, f"no {name} between term and definition")
            continue
        term, definition = (part.strip() for part in card.split(separator, 1))
        if not term or not definition:
            parsed.error(number, "the term or the definition is empty")
            continue
        parsed.facts.append(card_fact(term, definition, line=number, taken=taken))
    return check_set(parsed)
