"""Teacher uploads: one parser per format, all producing the same ``ParsedSet`` records.

``parse_upload`` reads bytes in any supported format; ``save.save_question_set`` writes
a parsed set into a teacher's bank in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .aiken import parse_aiken
from .anki import parse_anki
from .apkg import parse_apkg
from .apkg_archive import is_zip, office_file_refusal
from .csv_format import parse_csv
from .detect import binary_kind, detect_format
from .gift import parse_gift
from .json_format import parse_json
from .moodle_xml import parse_moodle_xml
from .quizlet import Separators, parse_quizlet
from .records import ParsedSet
from .text import UploadError, decode_upload

PARSERS: dict[str, Callable[[str], ParsedSet]] = {
    "csv": parse_csv,
    "anki": parse_anki,
    "quizlet": parse_quizlet,
    "gift": parse_gift,
    "aiken": parse_aiken,
    "moodle-xml": parse_moodle_xml,
    "json": parse_json,
}
FORMAT_LABELS = {
    "csv": "CSV / TSV with a header (our bank format)",
    "apkg": "Anki package (.apkg)",
    "anki": "Anki notes in plain text",
    "quizlet": "Quizlet export",
    "gift": "Moodle GIFT",
    "aiken": "Moodle Aiken",
    "moodle-xml": "Moodle XML",
    "json": "Quizapp JSON",
}
# Formats a file shows beyond doubt (its root element, a whole JSON object, our header
# row); choosing another format for one is refused by name rather than read as garbage
# or refused line by line in the wrong format's words. GIFT and Aiken are only guessed
# (a Quizlet card may hold "{}"), so a choice of another format stands for them.
UNMISTAKABLE = {
    "moodle-xml": "This is Moodle XML: choose Moodle XML.",
    "json": "This is Quizapp JSON: choose Quizapp JSON.",
    "csv": "This is CSV with a header (our bank format): choose CSV / TSV with a header.",
}


def _shows_beyond_doubt(detected: str, text: str) -> bool:
    if detected not in UNMISTAKABLE:
        return False
    if detected != "json":
        return True
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False


def check_chosen_format(text: str, filename: str, chosen: str | None) -> str:
    """The format to parse ``text`` in; a choice the content plainly contradicts is refused
    by naming what the file is."""
    detected = detect_format(text, filename)
    if chosen and chosen != detected and _shows_beyond_doubt(detected, text):
        raise UploadError(UNMISTAKABLE[detected])
    return chosen or detected


def decode_text_upload(data: bytes) -> str:
    """An upload that is not a zip as text (``decode_upload``); a PDF, an old Office file or
    other binary file is refused as what it is with the formats we read (it used to be told
    to save "line 2" as UTF-8), and an empty file as empty."""
    kind = binary_kind(data)
    if kind is not None:
        raise UploadError(
            f"This is {kind}, not a text file of questions. "
            f"Accepted formats: {', '.join(FORMAT_LABELS.values())}."
        )
    text = decode_upload(data)
    if not text.strip():
        raise UploadError("The file is empty.")
    return text


def parse_text(
    text: str,
    filename: str = "",
    chosen: str | None = None,
    separators: Separators | None = None,
) -> ParsedSet:
    """Parse already-decoded text in the chosen format, or the one it looks like.

    Quizlet separators, when given, mean the file is a Quizlet export."""
    if separators:
        chosen = chosen or "quizlet"
    if chosen and chosen not in PARSERS:
        raise UploadError(f"Unknown format {chosen!r}; use one of {', '.join(PARSERS)}.")
    fmt = check_chosen_format(text, filename, chosen)
    if fmt == "quizlet":
        return parse_quizlet(text, separators)
    return PARSERS[fmt](text)


def parse_upload(
    data: bytes,
    filename: str = "",
    chosen: str | None = None,
    separators: Separators | None = None,
) -> ParsedSet:
    """Parse an upload's bytes: an Anki package by its zip signature, anything else as text.

    A file whose content contradicts the chosen format is refused with the format it is."""
    if is_zip(data):
        office = office_file_refusal(data)
        if office is not None:
            raise UploadError(office)
        if chosen not in (None, "", "apkg"):
            raise UploadError(
                f"This is an Anki package (.apkg), not {FORMAT_LABELS.get(chosen, chosen)}: "
                "choose Anki package."
            )
        return parse_apkg(data)
    if chosen == "apkg":
        raise UploadError(
            "This is not an Anki package (.apkg): an Anki package is a zip file. "
            "Choose the format the file is in, or Detect from the file."
        )
    return parse_text(decode_text_upload(data), filename, chosen, separators)


__all__ = [
    "FORMAT_LABELS",
    "PARSERS",
    "ParsedSet",
    "Separators",
    "UploadError",
    "check_chosen_format",
    "decode_text_upload",
    "is_zip",
    "parse_text",
    "parse_upload",
]
