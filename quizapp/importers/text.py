"""Turning uploaded bytes into clean text: encodings, line endings, list cells.

HTML fields are cleaned by ``quizapp.richtext``."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from typing import Any


class UploadError(ValueError):
    """A file we cannot read at all; the message is meant for the teacher."""


# Excel's "Unicode Text" and Windows Notepad's "Unicode" save UTF-16 with a byte-order
# mark: a teacher's export from either is read, not refused as "not UTF-8".
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def decode_upload(data: bytes) -> str:
    """UTF-8 text with or without a byte-order mark (or UTF-16 with its mark), with
    ``\\n`` line endings only."""
    encoding = "utf-16" if data.startswith(_UTF16_MARKS) else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding == "utf-16":
            raise UploadError("The file is not UTF-16 text, though it starts as one.") from error
        line = data[: error.start].count(b"\n") + 1
        raise UploadError(
            f"Line {line}: the file is not UTF-8 text. Save it as UTF-8 and upload it again."
        ) from error
    if "\x00" in text:
        raise UploadError("The file looks binary, not text. Upload a text export.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return str(error)
