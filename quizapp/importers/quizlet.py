"""Quizlet's text export: term and definition separated by a tab, a comma or a custom
string; cards by new lines, semicolons or a custom string (Quizlet's export dialog).

Quizlet does not quote fields, so each card is split on its FIRST term separator: the
definition may contain commas, and when cards are not separated by new lines, new lines
too. Without chosen separators we detect tab or comma, and cards on lines (or separated
by semicolons: on one line, or on lines of several tabs each); a file that looks like it
used other separators gets a warning naming them, because a wrong split imports without
errors but asks nonsense.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..date_text import counted
from .cards import card_fact
from .records import ParsedSet, TakenKeys, check_set

TERM_SEPARATORS = {"tab": "\t", "comma": ","}
CARD_SEPARATORS = {"newline": "\n", "semicolon": ";"}
# Custom separators people pick in Quizlet's dialog; seeing one in most terms is a sign.
SUSPECTS = ("||", "|", ";;", " - ", "::", "~")


CONTINUED_HINT = (
    " (if this line goes on with the definition above, export the set from Quizlet with "
    "semicolons or a custom string between rows, and choose it here)"
)


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


def _semicolon_rows(lines: list[tuple[int, str]], text: str, separator: str) -> bool:
    """Whether rows are separated by semicolons, as Quizlet's export may write them: on
    a one-line file, or when lines hold several tabs and the semicolons part the text into
    cards of one tab each (a definition over several lines breaks the lines, not them)."""
    if len(lines) == 1:
        return ";" in lines[0][1]
    if separator != "\t" or not any(line.count("\t") > 1 for _, line in lines):
        return False
    cards = [card for card in text.split(";") if card.strip()]
    return all(card.count("\t") == 1 for card in cards)


def _cards(text: str, card_separator: str | None, separator: str) -> list[tuple[int, str]]:
    """Each card with the line it starts on."""
    if card_separator is None:
        lines = [(n, line) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
        if not _semicolon_rows(lines, text, separator):
            return lines
        card_separator = ";"
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


def _more_columns(cards: list[tuple[int, str]], parsed: ParsedSet) -> bool:
    """Whether cards hold more than two tab-separated columns, which no Quizlet export
    writes (an older Anki export's front, back and tags; a spreadsheet without its
    header): an error, since splitting at the first tab would glue the rest into the
    definition that learners are asked."""
    wide = [number for number, card in cards if card.count("\t") > 1]
    if not wide:
        return False
    which = (
        "this line has" if len(wide) == 1 else f"{counted(len(wide), 'line')} (the first here) have"
    )
    parsed.error(
        wide[0],
        f"{which} more than two columns separated by tabs, where a "
        "Quizlet card has two (term and definition): choose the format the file is in (an "
        "Anki export is Anki notes in plain text; a spreadsheet needs a header row)",
    )
    return True


def parse_quizlet(text: str, separators: Separators | None = None) -> ParsedSet:
    chosen = separators or Separators()
    parsed = ParsedSet(format="quizlet")
    separator = chosen.term or ("\t" if "\t" in text else ",")
    cards = _cards(text, chosen.card, separator)
    name = {"\t": "tab", ",": "comma"}.get(separator, repr(separator))
    if chosen.term is None and cards:
        suspect = _suspect(cards, separator)
        if suspect:
            parsed.note(
                cards[0][0],
                f"most terms contain {suspect!r}: if the file was exported with other "
                "separators, choose them (Quizlet separators on the upload form)",
            )
    if chosen.term is None and separator == "\t" and _more_columns(cards, parsed):
        return check_set(parsed)
    taken: set[str] = TakenKeys()
    # Quizlet writes a definition's line breaks as they are: with rows on new lines, a
    # line after a card may be the rest of its definition, which the message says.
    rows_on_lines = chosen.card in (None, "\n")
    after_card = False
    for number, card in cards:
        if separator not in card:
            hint = CONTINUED_HINT if rows_on_lines and after_card else ""
            parsed.error(number, f"no {name} between term and definition{hint}")
            after_card = False
            continue
        after_card = True
        term, definition = (part.strip() for part in card.split(separator, 1))
        if not term or not definition:
            parsed.error(number, "the term or the definition is empty")
            continue
        parsed.facts.append(card_fact(term, definition, line=number, taken=taken))
    return check_set(parsed)
