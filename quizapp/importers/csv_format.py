"""CSV and TSV with a header: the bank format ``flask bank export --format csv`` writes.

One row per question; rows sharing a ``fact_key`` are forms of one fact. Columns (any
order; only ``prompt`` and ``answer`` are required): see ``COLUMNS`` and the README.
Fact columns (topic, statement, source, ``tags`` space-separated as Anki writes them)
are read from a fact's first row.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from typing import Any

from ..csv_safety import starts_like_formula
from ..date_text import in_number
from .records import (
    FALSE_WORDS,
    KINDS,
    TRUE_WORDS,
    ParsedFact,
    ParsedQuestion,
    ParsedSet,
    TakenKeys,
    check_set,
    fact_statement,
    key_from_text,
    normal_answer,
    paragraph_number,
    unique_key,
)
from .tags import split_tags
from .text import UNCLOSED_QUOTE, numbered_rows, split_list, unclosed_quote_line

COLUMNS = (
    "kind",
    "prompt",
    "answer",
    "accepted_variants",
    "distractors",
    "explanation",
    "topic",
    "fact_key",
    "question_key",
    "fact_statement",
    "source_ref",
    "source_paragraph",
    "strict",
    # Added last, so files written before facts had tags still import as they are.
    "tags",
)
REQUIRED = ("prompt", "answer")
# What a teacher's own spreadsheet calls the two columns we need (any case). A header
# naming them is read as CSV, not as a Quizlet card, and the columns as ours.
HEADER_ALIASES = {"prompt": ("question", "term", "front"), "answer": ("definition", "back")}
# The same names in Korean teachers' spreadsheets (question, problem, term, front side;
# answer, right answer, reply, definition, back side): read too, not listed in messages.
KOREAN_ALIASES = {
    "prompt": ("질문", "문제", "용어", "앞면"),
    "answer": ("답", "정답", "답변", "정의", "뒷면"),
}
# A header cell this close to a column's name (or a spreadsheet's name for it) is taken
# for a misspelling of it ("Anwser"): the file is CSV and line 1 says which is wrong.
MISSPELT = 0.8
LONGEST_HEADER_CELL = 30
TITLE_LINES = 3  # title lines a spreadsheet may hold above its header row


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def neutralise_formula(value: str) -> str:
    """OWASP CSV-injection defence: a text cell a spreadsheet would run gets a leading ``'``.

    A cell that already starts with ``'`` before such a character gets one more, so
    ``restore_formula`` can undo exactly one and export -> import -> export is lossless."""
    if not value or _is_number(value):
        return value
    if starts_like_formula(value.lstrip("'")):
        return "'" + value
    return value


def restore_formula(value: str) -> str:
    if value.startswith("'") and starts_like_formula(value.lstrip("'")):
        return value[1:]
    return value


def sniff_delimiter(first_line: str) -> str:
    """The header's separator: a comma, a tab, or a semicolon (Excel's "CSV" where a comma
    is the decimal mark); a comma when the header does not tell."""
    return max((",", "\t", ";"), key=first_line.count)


# Kinds as Moodle and teachers' spreadsheets name them ("True/False", "Short answer").
KIND_ALIASES = {
    "mc": "multiple_choice",
    "multiple": "multiple_choice",
    "multichoice": "multiple_choice",
    "tf": "true_false",
    "true/false": "true_false",
    "t/f": "true_false",
    "truefalse": "true_false",
    "short_answer": "typed",
    "shortanswer": "typed",
}


def _normal_kind(raw: str) -> str:
    kind = "/".join(part.strip() for part in raw.strip().lower().split("/"))
    kind = kind.replace("-", "_").replace(" ", "_") or "typed"
    return KIND_ALIASES.get(kind, kind)


def _strict(cell: str, line: int, parsed: ParsedSet) -> bool:
    """The ``strict`` cell: blank or a false word is off, a true word on, else an error."""
    value = cell.strip().casefold()
    if value and value not in TRUE_WORDS | FALSE_WORDS:
        parsed.error(line, f"strict must be true or false, not {cell.strip()!r}")
    return value in TRUE_WORDS


def parse_csv(text: str) -> ParsedSet:
    parsed = ParsedSet(format="csv")
    above = lines_above_header(text)
    if above:
        _note_title_lines(text, above, parsed)
        text = text.split("\n", above)[above]
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not _read_header(reader, parsed, above + 1):
        return parsed
    unclosed = unclosed_quote_line(text, delimiter)
    if unclosed is not None:
        parsed.error(unclosed + above, UNCLOSED_QUOTE)
    facts: dict[str, ParsedFact] = {}
    taken_facts: set[str] = TakenKeys()
    # Each fact's question keys, kept as its rows come (not listed again for every row).
    question_keys: dict[str, TakenKeys] = {}

    def error(line: int, message: str) -> None:
        parsed.error(line + above, message)

    for line, row in numbered_rows(reader, lambda: reader.line_num + above, error):
        cells = _row_cells(row, line, parsed)
        question = _row_question(cells, line, parsed) if cells else None
        if question is not None:
            fact = _fact_of_row(facts, taken_facts, cells, question, parsed, line)
            keys = question_keys.setdefault(fact.key, TakenKeys())
            question.key = question.key or unique_key(question.kind, keys)
            keys.add(question.key)
            fact.questions.append(question)
    parsed.facts = list(facts.values())
    return check_set(parsed)


def _note_title_lines(text: str, above: int, parsed: ParsedSet) -> None:
    """Say which title lines above the header were skipped, in their own words."""
    titles = [line.strip(' ,;\t"') for line in text.split("\n")[:above]]
    said = "; ".join(title for title in titles if title)
    lines = "line above the header is" if above == 1 else f"{above} lines above the header are"
    if said:
        parsed.note(1, f"the {lines} skipped: {said}")
    else:
        parsed.note(1, f"the empty {lines} skipped")


def _read_header(reader: csv.DictReader[str], parsed: ParsedSet, line: int = 1) -> bool:
    """Read the header (any case, spaces around names) on ``line``: ``False`` when a
    required column is missing; unknown columns are noted and ignored."""
    written = [name.strip() for name in reader.fieldnames or []]
    header = _with_aliases_read([name.lower() for name in written], written, parsed, line)
    reader.fieldnames = header
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        needed = ", ".join(f"{name} (or {', '.join(_aliases(name))})" for name in missing)
        found = ", ".join(name for name in written if name) or "no column names"
        columns = in_number(len(missing), "column")
        misspelt = [
            f"is {written[header.index(cell)]} {name} misspelt?"
            for name in missing
            if (cell := misspelt_column(header, name)) is not None
        ]
        guess = f" ({'; '.join(misspelt)})" if misspelt else ""
        parsed.error(line, f"the header needs the {columns} {needed}; it has {found}{guess}")
        return False
    twice = sorted({name for name in header if name in COLUMNS and header.count(name) > 1})
    if twice:  # which of the two would count is anyone's guess; the last did, silently
        columns = in_number(len(twice), "column")
        parsed.error(line, f"the header names the {columns} {', '.join(twice)} more than once")
        return False
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        parsed.note(line, f"{in_number(len(unknown), 'column')} ignored: {', '.join(unknown)}")
    return True


def _aliases(name: str) -> list[str]:
    return [alias.capitalize() for alias in HEADER_ALIASES[name]]


def header_column(cells: list[str] | set[str], name: str) -> str | None:
    """The (lowercase) cell of a header that gives the column ``name``: itself, else the
    first of its spreadsheet names found, each also as a plural ("Questions,Answers")."""
    for spelling in (name, *HEADER_ALIASES[name]):
        for cell in (spelling, spelling + "s"):
            if cell in cells:
                return cell
    return next((alias for alias in KOREAN_ALIASES[name] if alias in cells), None)


def misspelt_column(cells: list[str] | set[str], name: str) -> str | None:
    """The (lowercase) cell of a header that looks like ``name`` or one of its spreadsheet
    names misspelt ("anwser", "promt"), when none gives it exactly. A cell with a digit
    is no misspelt name: a first card "term 1" is a card."""
    spellings = (name, *HEADER_ALIASES[name])
    for cell in cells:
        if (
            0 < len(cell) <= LONGEST_HEADER_CELL
            and not any(c.isdigit() for c in cell)
            and any(
                difflib.SequenceMatcher(None, cell, spelling).ratio() >= MISSPELT
                for spelling in spellings
            )
        ):
            return cell
    return None


def header_cells(line: str) -> set[str]:
    """A line's cells as a header names them: lowercase, without quotes or spaces."""
    return {cell.strip().strip('"') for cell in re.split(r"[,\t;]", line.lower())}


def lines_above_header(text: str) -> int:
    """How many title lines stand above a spreadsheet's header row ("Week 3 vocabulary"
    in A1, or an empty row), when a header comes within ``TITLE_LINES`` lines: lines
    of at most one cell each, then a line naming our columns exactly. 0 when the first
    line is the header, or none is found."""
    lines = text.split("\n", TITLE_LINES + 1)[: TITLE_LINES + 1]
    for index, line in enumerate(lines[1:], 1):
        above = lines[index - 1]
        if len([cell for cell in header_cells(above) if cell]) > 1:
            return 0
        if all(header_column(header_cells(line), name) for name in REQUIRED):
            return index
    return 0


def looks_like_header(cells: set[str]) -> bool:
    """Whether a first line names both columns we need, exactly, as a spreadsheet does,
    or misspelt: then the file is CSV (a Quizlet card would be imported from it)."""
    found = [header_column(cells, name) or misspelt_column(cells, name) for name in REQUIRED]
    return all(found) and len(set(found)) == len(found)


def _with_aliases_read(
    header: list[str], written: list[str], parsed: ParsedSet, line: int
) -> list[str]:
    """``header`` with a spreadsheet's names of the required columns (Question, Term...)
    read as ours, said in a note so that the teacher sees which column became which."""
    read = []
    for name in REQUIRED:
        column = header_column(header, name)
        if column is not None and column != name:
            index = header.index(column)
            header = [*header[:index], name, *header[index + 1 :]]
            read.append((written[index], name))
    if read:
        said = [f"{cell} as {name}" for cell, name in read[1:]]
        first = f"column {read[0][0]} read as {read[0][1]}"
        parsed.note(line, ", ".join([first, *said]))
    return header


def _row_cells(row: dict[Any, Any], line: int, parsed: ParsedSet) -> dict[str, str]:
    """The row's cells by column (formula guards undone); empty for a blank row or one
    with more cells than the header (an error)."""
    if None in row:
        parsed.error(line, "this row has more cells than the header")
        return {}
    # Spaces and tabs around a cell are the spreadsheet's, not the teacher's answer.
    cells = {name: restore_formula((value or "").strip()) for name, value in row.items() if name}
    return cells if any(value.strip() for value in cells.values()) else {}


def _row_question(cells: dict[str, str], line: int, parsed: ParsedSet) -> ParsedQuestion | None:
    kind = _normal_kind(cells.get("kind", ""))
    if kind not in KINDS:
        parsed.error(line, f"unknown kind {kind!r} (use one of {', '.join(KINDS)})")
        return None
    return ParsedQuestion(
        kind=kind,
        prompt=cells["prompt"],
        answer=normal_answer(kind, cells["answer"]),
        key=cells.get("question_key", "").strip(),
        accepted_variants=split_list(cells.get("accepted_variants", "")),
        choices=split_list(cells.get("distractors", "")),
        explanation=cells.get("explanation", ""),
        line=line,
        strict=_strict(cells.get("strict", ""), line, parsed),
    )


def _fact_of_row(
    facts: dict[str, ParsedFact],
    taken_facts: set[str],
    cells: dict[str, str],
    question: ParsedQuestion,
    parsed: ParsedSet,
    line: int,
) -> ParsedFact:
    """The fact a row's question belongs to: rows sharing a ``fact_key`` are questions
    of one fact; a row without one is a fact of its own."""
    fact_key = cells.get("fact_key", "").strip()
    fact = facts.get(fact_key) if fact_key else None
    if fact is None:
        fact = _new_fact(cells, question, fact_key, taken_facts, parsed, line)
        facts[fact.key] = fact
    return fact


def _new_fact(
    cells: dict[str, str],
    question: ParsedQuestion,
    fact_key: str,
    taken: set[str],
    parsed: ParsedSet,
    line: int,
) -> ParsedFact:
    paragraph = paragraph_number(cells.get("source_paragraph", ""), parsed, line)
    content_key = "" if fact_key else key_from_text(question.prompt)
    return ParsedFact(
        key=fact_key or unique_key(content_key, taken),
        content_key=content_key,
        statement=cells.get("fact_statement", "")
        or fact_statement(question.prompt, question.answer),
        topic=cells.get("topic", ""),
        source_ref=cells.get("source_ref", ""),
        source_paragraph=paragraph,
        line=line,
        tags=split_tags(cells.get("tags", "")),
    )
