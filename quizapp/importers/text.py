"""Turning uploaded bytes into clean text: encodings, line endings, list cells.

HTML fields are cleaned by ``quizapp.richtext``."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from typing import Any


class UploadError(ValueError):
    """A file we cannot read at all; the message is meant for the teacher."""


# Excel's "Unicode Text" and Windows Notepad's "Unicode" save UTF-16 with a byte-order
# mark: a teacher's export from either is read, not refused as "not UTF-8".
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# An XML file names its encoding in its declaration; older Moodle sites and editors save
# Latin-1 and say so. Its text is read in that encoding and the declaration then says
# UTF-8, which is what the text handed on is.
# The longest text one cell of an upload may hold (the csv module's own limit, which this
# module never raises); the web editor's fields share it, so an edit and an upload agree.
MAX_TEXT_LENGTH = csv.field_size_limit()
_XML_ENCODING = re.compile(rb"""\A<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_XML_TEXT_ENCODING = re.compile(_XML_ENCODING.pattern.decode("ascii"))


# Spreadsheets and Notepad save in the computer's old code page unless told otherwise
# (Excel's plain "CSV (Comma delimited)", Notepad's "ANSI"): how to tell them, in the
# words of their menus.
SAVE_AS_UTF8 = (
    "Save it as UTF-8 and upload it again (in Excel: Save As, “CSV UTF-8 (Comma "
    "delimited)”; in LibreOffice: Save As, “Edit filter settings”, Character set "
    "“Unicode (UTF-8)”; in Notepad: Save As, Encoding “UTF-8”)."
)


def decode_upload(data: bytes) -> str:
    """UTF-8 text with or without a byte-order mark (or UTF-16 with its mark), with
    ``\\n`` line endings only."""
    declared = _XML_ENCODING.match(data)
    if declared is not None and _codec(declared.group(1)) not in ("utf-8", "utf-16"):
        return _declared_xml(data, declared)
    encoding = "utf-16" if data.startswith(_UTF16_MARKS) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-16":
            raise UploadError("The file is not UTF-16 text, though it starts as one.") from error
        line = data[: error.start].count(b"\n") + 1
        raise UploadError(f"Line {line}: the file is not UTF-8 text. {SAVE_AS_UTF8}") from error
    if encoding == "utf-16":
        text = _declared_utf8(text)
    return _clean_lines(text)


def _declared_utf8(text: str) -> str:
    """Decoded text whose XML declaration names the encoding it was read from ("UTF-16",
    as Notepad's "Unicode" save writes it) says UTF-8, which the text handed on is: the
    XML reader refused the file otherwise."""
    found = _XML_TEXT_ENCODING.match(text)
    if found is None:
        return text
    return text[: found.start(1)] + "UTF-8" + text[found.end(1) :]


def _clean_lines(text: str) -> str:
    """Refuse NUL characters (a binary file); ``\\n`` line endings only."""
    if "\x00" in text:
        raise UploadError("The file looks binary, not text. Upload a text export.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _codec(name: bytes) -> str:
    """Python's name of an encoding (``latin1`` and ``ISO-8859-1`` are one), or the name
    as written when Python knows no such encoding."""
    text = name.decode("ascii")
    try:
        return codecs.lookup(text).name
    except LookupError:
        return text


def _declared_xml(data: bytes, declared: re.Match[bytes]) -> str:
    """An XML file's text in the encoding its declaration names, declared UTF-8 now."""
    name = declared.group(1).decode("ascii")
    try:
        text = data.decode(name)
    except LookupError:
        raise UploadError(
            f"Line 1: the XML declares the encoding {name!r}, which is not known here. "
            "Save it as UTF-8 and upload it again."
        ) from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UploadError(f"Line {line}: the file is not {name} text, as it declares.") from None
    return _clean_lines(_declared_utf8(text))


def split_list(cell: str) -> list[str]:
    """A list cell: items separated by ``|``; ``\\|`` is a literal bar and ``\\\\`` a backslash."""
    if not cell.strip():
        return []
    items, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == "|":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    items.append("".join(current).strip())
    return [item for item in items if item]


def join_list(items: list[str]) -> str:
    """The inverse of ``split_list``."""
    return "|".join(item.replace("\\", "\\\\").replace("|", "\\|") for item in items)


def numbered_rows(
    reader: Iterator[Any], line_num: Callable[[], int], on_error: Callable[[int, str], None]
) -> Iterator[tuple[int, Any]]:
    """Rows of a ``csv`` reader with the line each starts on (a quoted cell may span lines).

    A row the csv module cannot read is reported through ``on_error`` and ends the file."""
    end_of_previous = line_num()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            on_error(end_of_previous + 1, f"cannot read this row: {_row_error(error)}")
            return
        yield end_of_previous + 1, row
        end_of_previous = line_num()


UNCLOSED_QUOTE = (
    'a cell here opens with a quote (") that is never closed, so every line after it '
    "would be read into that one cell; close the quote or remove it"
)


def unclosed_quote_line(text: str, delimiter: str) -> int | None:
    """The line of the row whose quoted cell is never closed, else ``None``. The readers
    here are lenient, and a lenient reader reads the rest of the file into that cell
    without a word: a file of 300 rows became one question."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for _row in reader:
            start = reader.line_num + 1
    except csv.Error as error:
        return start if "unexpected end of data" in str(error) else None
    return None


def _row_error(error: csv.Error) -> str:
    """The csv module's complaint in a teacher's words where it speaks of its internals."""
    if "field larger than field limit" in str(error):
        return f"a cell is longer than {MAX_TEXT_LENGTH:,} characters"
    return str(error)
