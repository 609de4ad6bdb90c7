"""Which format an upload is in, from its content first and its file name second."""

from __future__ import annotations

import re

from .csv_format import header_cells, lines_above_header, looks_like_header

ANKI_HEADER = re.compile(r"^#(separator|html|columns|notetype|deck|tags|guid)\b", re.IGNORECASE)
AIKEN_ANSWER = re.compile(r"^ANSWER\s*:\s*\(?[A-Z]\s*[).]?\s*$", re.MULTILINE | re.IGNORECASE)
# A line starting (after spaces, never after other lines: reading on across blank lines
# from every line start took the square of their number) with "::" or "$CATEGORY:".
GIFT_HINT = re.compile(
    r"^[^\S\n]*(::|\$CATEGORY:)|\{\s*(#|=|~|T\b|F\b|TRUE\b|FALSE\b|\})", re.MULTILINE
)
MOODLE_XML = re.compile(
    r"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*|<!DOCTYPE[^\[>]*(\[.*?\])?\s*>\s*)*<quiz\b",
    re.DOTALL,
)
# A JSON object's first key (or an empty object); GIFT text never starts with one.
JSON_START = re.compile(r'\{\s*("|\})')
EXTENSIONS = {".json": "json", ".gift": "gift", ".csv": "csv", ".tsv": "csv"}
# Files teachers upload by mistake, by their first bytes (Office's newer files are zips,
# told apart in ``apkg_archive.office_file_refusal``).
OLD_OFFICE = "an old Office file (Word .doc, Excel .xls or PowerPoint .ppt)"
MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLD_OFFICE),
)
# Bytes no text file holds (tab, line and page breaks, and the escape and end-of-file
# marks old editors leave, aside): in a file that is not UTF-8 they show a binary file,
# where text in another encoding (Korean Excel's CP949) has none.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x19\x1c-\x1f]")


def binary_kind(data: bytes) -> str | None:
    """What a file that is not text is ("a PDF file"), else ``None``; UTF-16 text (with its
    byte-order mark) holds NUL bytes and is text."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or not _CONTROL.search(data[:8192]):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "a binary file (an image, a document or a program)"
    return None


def detect_format(text: str, filename: str = "") -> str:
    """``moodle-xml``, ``json``, ``anki``, ``csv``, ``gift``, ``aiken`` or ``quizlet``.

    Content wins over the file name because Anki, Quizlet and Aiken files all end in
    ``.txt`` and a Quizlet export may end in ``.csv``."""
    stripped = text.lstrip()
    name = filename.lower()
    if MOODLE_XML.match(stripped[:4096]):
        return "moodle-xml"
    first_line = stripped.split("\n", 1)[0]
    if JSON_START.match(stripped) or (
        stripped.startswith("{") and not GIFT_HINT.search(first_line[1:])
    ):
        return "json"
    if ANKI_HEADER.match(stripped):
        return "anki"
    first = header_cells(stripped.split("\n", 1)[0])
    if looks_like_header(first) or lines_above_header(stripped):  # a header row: CSV
        return "csv"
    if name.endswith(".gift") or name.endswith(".gift.txt") or GIFT_HINT.search(text):
        return "gift"
    if AIKEN_ANSWER.search(text):
        return "aiken"
    for extension, found in EXTENSIONS.items():
        if name.endswith(extension) and found != "csv":
            return found
    return "quizlet"
