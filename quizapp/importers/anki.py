"""Anki's "Notes in Plain Text" export.

Header lines at the top start with ``#``: ``#separator:tab`` (or comma, semicolon,
space, pipe, colon, or the character itself), ``#html:true|false``, ``#columns:...``
and ``#guid column:N``, ``#notetype column:N``, ``#deck column:N``, ``#tags column:N``.
Fields are quoted like CSV when they hold the separator or a newline. The first two
remaining columns are the note's front and back (Cloze notes: text and extra); what
each note becomes is decided in ``anki_notes``.
"""

from __future__ import annotations

import csv
import io

from .anki_notes import AnkiNote, note_kind, notes_to_set
from .records import ParsedSet, check_set
from .text import UNCLOSED_QUOTE, numbered_rows, unclosed_quote_line

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
META_COLUMNS = ("guid", "notetype", "deck", "tags")
FRONT_NAMES = ("front", "text", "question", "term")
BACK_NAMES = ("back", "back extra", "extra", "answer", "definition")


def _headers(lines: list[str]) -> tuple[dict[str, str], int]:
    """The ``#key:value`` header lines and how many lines they take."""
    headers: dict[str, str] = {}
    count = 0
    for line in lines:
        if not line.startswith("#") or ":" not in line:
            break
        name, value = line[1:].split(":", 1)
        headers[name.strip().lower()] = value
        count += 1
    return headers, count


def _separator(headers: dict[str, str], sample: str) -> str:
    raw = headers.get("separator", "")
    if raw:
        return SEPARATORS.get(raw.strip().lower(), raw[:1])
    for candidate in ("\t", ";", ","):
        if candidate in sample:
            return candidate
    return "\t"


def _meta_positions(headers: dict[str, str], columns: list[str]) -> dict[str, int]:
    positions = {}
    for name in META_COLUMNS:
        value = headers.get(f"{name} column", "").strip()
        if value.isdigit() and int(value) > 0:
            positions[name] = int(value) - 1
        elif name in columns:
            positions[name] = columns.index(name)
    return positions


def _named_fields(cells: list[str], columns: list[str]) -> tuple[str, str] | None:
    """Front and back by the ``#columns:`` names, when the header names them."""
    front = next((columns.index(n) for n in FRONT_NAMES if n in columns), None)
    back = next((columns.index(n) for n in BACK_NAMES if n in columns), None)
    if front is None or back is None:
        return None

    def cell(index: int) -> str:
        return cells[index] if index < len(cells) else ""

    return cell(front), cell(back)


def parse_anki(text: str) -> ParsedSet:
    parsed = ParsedSet(format="anki")
    lines = text.split("\n")
    headers, header_count = _headers(lines)
    body = "\n".join(lines[header_count:])
    separator = _separator(headers, body.split("\n", 1)[0])
    is_html = headers.get("html", "").strip().lower() == "true"
    columns = [name.strip().lower() for name in headers.get("columns", "").split(separator)]
    meta = _meta_positions(headers, columns)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator)
    notes: list[AnkiNote] = []

    def row_error(body_line: int, message: str) -> None:
        parsed.error(header_count + body_line, message)

    unclosed = unclosed_quote_line(body, separator)
    if unclosed is not None:
        row_error(unclosed, UNCLOSED_QUOTE)

    for body_line, row in numbered_rows(reader, lambda: reader.line_num, row_error):
        if any(cell.strip() for cell in row):
            notes.append(_note(row, meta, columns, is_html, header_count + body_line))
    return check_set(notes_to_set(notes, parsed))


def _note(
    row: list[str], meta: dict[str, int], columns: list[str], is_html: bool, line: int
) -> AnkiNote:
    """One row as a note. Meta columns (guid, note type, deck, tags) are taken exactly as
    written: they are identifiers, never HTML, so they skip the cleaner."""

    def cell(name: str) -> str:
        index = meta.get(name)
        return row[index] if index is not None and index < len(row) else ""

    fields = [value for index, value in enumerate(row) if index not in meta.values()]
    named = _named_fields(row, columns)
    if named:
        fields = list(named)
    notetype = cell("notetype").strip()
    return AnkiNote(
        guid=cell("guid"),
        kind=note_kind(notetype),
        notetype=notetype,
        fields=fields,
        deck=cell("deck"),
        tags=cell("tags").split(),
        line=line,
        is_html=is_html,
    )
