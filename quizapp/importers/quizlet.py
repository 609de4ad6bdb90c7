"""Quizlet's text export: term and definition separated by a tab, a comma or a custom
string; cards by new lines, semicolons or a custom string (Quizlet's export dialog).

Quizlet does not quote fields, so each card is split on its FIRST term separator: the
definition may contain commas, and when cards are not separated by new lines, new lines
too. Without chosen separators we detect tab or comma, and cards on lines (or on one
line separated by semicolons); a file that looks like it used other separators gets a
warning naming them, because a wrong split imports without errors but asks nonsense.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cards import card_fact
from .records import ParsedSet, TakenKeys, check_set

TERM_SEPARATORS = {"tab": "\t", "comma": ","}
CARD_SEPARATORS = {"newline": "\n", "semicolon": ";"}
# Custom separators people pick in Quizlet's dialog; seeing one in most terms is a sign.
SUSPECTS = ("||", "|", ";;", " - ", "::", "~")


@dataclass(frozen=True)
class Separators:
    term: str | None = None
    card: str | None = None

    def __bool__(self) -> bool:
        return bool(self.term or self.card)

    @classmethod
    def named(cls, term: str | None, card: str | None) -> Separators:
        """From names (``tab``, ``comma``, ``newline``, ``semicolon``) or literal strings;
        ``\\t`` and ``\\n`` written out also count."""

        def literal(value: str | None, names: dict[str, str]) -> str | None:
            if not value:
                return None
            value = names.get(value.strip().lower(), value)
            return value.replace("\\t", "\t").replace("\\n", "\n")

        return cls(literal(term, TERM_SEPARATORS), literal(card, CARD_SEPARATORS))


def _cards(text: str, card_separator: str | None) -> list[tuple[int, str]]:
    """Each card with the line it starts on."""
    if card_separator is None:
        lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
        if len(lines) == 1 and ";" in lines[0][1]:
            return [(lines[0][0], card) for card in lines[0][1].split(";") if card.strip()]
        return lines
    # Lines are counted on from the card before: counted from the top for each card, a
    # file of thousands of cards took seconds.
    cards, offset, line, counted = [], 0, 1, 0
    for card in text.split(card_separator):
        stripped = card.strip("\n")
        if stripped.strip():
            start = offset + len(card) - len(card.lstrip("\n"))
            line += text.count("\n", counted, start)
            counted = start
            cards.append((line, stripped))
        offset += len(card) + len(card_separator)
    return cards


def _suspect(cards: list[tuple[int, str]], separator: str) -> str | None:
    terms = [card.split(separator, 1)[0] for _, card in cards]
    for suspect in SUSPECTS:
        if suspect != separator and sum(suspect in term for term in terms) * 2 >= len(terms):
            return suspect
    return None


def parse_quizlet(text: str, separators: Separators | None = None) -> ParsedSet:
    chosen = separators or Separators()
    parsed = ParsedSet(format="quizlet")
    separator = chosen.term or ("\t" if "\t" in text else ",")
    cards = _cards(text, chosen.card)
    name = {"\t": "tab", ",": "comma"}.get(separator, repr(separator))
    if chosen.term is None and cards:
        suspect = _suspect(cards, separator)
        if suspect:
            parsed.note(
                cards[0][0],
                f"most terms contain {suspect!r}: if the file was exported with other "
                "separators, choose them (Quizlet separators on the upload form)",
            )
    taken: set[str] = TakenKeys()
    for number, card in cards:
        if separator not in card:
            parsed.error(number, f"no {name} between term and definition")
            continue
        term, definition = (part.strip() for part in card.split(separator, 1))
        if not term or not definition:
            parsed.error(number, "the term or the definition is empty")
            continue
        parsed.facts.append(card_fact(term, definition, line=number, taken=taken))
    return check_set(parsed)
