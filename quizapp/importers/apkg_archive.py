"""Reading an uploaded zip (an Anki package) in memory, within limits.

Nothing is ever unpacked to disk by a member's name, so a path like ``../../x`` cannot
escape anywhere; such a name still means a forged file, and the package is refused.
Sizes are checked twice: the sizes the zip directory claims, and the bytes actually
read (a zip or zstd bomb lies about the first), against one budget for the whole file.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

import zstandard

from .text import UploadError

ZIP_MAGIC = b"PK\x03\x04"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 5000
# What reading a member of a broken zip raises: a bad CRC or a cut stream (BadZipFile,
# zlib.error, EOFError), a member marked encrypted (RuntimeError), a compression method
# Python lacks (NotImplementedError).
UNREADABLE_MEMBER = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)


def is_zip(data: bytes) -> bool:
    return data[:4] == ZIP_MAGIC


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]


@dataclass
class Package:
    """An opened package; ``read`` returns a member's bytes, zstd-decompressed when the
    member is compressed that way, and counts them against the 50 MB budget."""

    archive: zipfile.ZipFile
    unpacked: int = 0

    def names(self) -> set[str]:
        return set(self.archive.namelist())

    def read(self, name: str) -> bytes:
        try:
            with self.archive.open(name) as member:
                raw = member.read(self._room() + 1)
        except UNREADABLE_MEMBER as error:
            raise UploadError(f"The Anki package is damaged: {name} cannot be read.") from error
        self._count(len(raw))
        if raw[:4] != ZSTD_MAGIC:
            return raw
        self.unpacked -= len(raw)
        try:
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(raw))
            plain = reader.read(self._room() + 1)
        except zstandard.ZstdError as error:
            raise UploadError(f"The Anki package is damaged: {name} cannot be read.") from error
        self._count(len(plain))
        return plain

    def _room(self) -> int:
        return MAX_UNPACKED_BYTES - self.unpacked

    def _count(self, size: int) -> None:
        self.unpacked += size
        if self.unpacked > MAX_UNPACKED_BYTES:
            raise UploadError(too_big())


def too_big() -> str:
    limit = MAX_UNPACKED_BYTES // 2**20
    return f"The Anki package unpacks to more than {limit} MB; nothing was imported."


# Office files are zips too; uploaded as they are, they are neither Anki packages nor
# text. What to do instead, by a member each kind always holds.
_OFFICE_FILES = (
    ("xl/workbook.xml", "an Excel workbook", "In Excel, choose File → Save As → "
     "“CSV UTF-8”, and upload the .csv file (a header row with prompt and answer)."),
    ("word/document.xml", "a Word document", "Put its questions in a plain-text file "
     "(GIFT or Aiken format) or a spreadsheet saved as “CSV UTF-8”, and upload that."),
    ("ppt/presentation.xml", "a PowerPoint presentation", "Put its questions in a "
     "spreadsheet saved as “CSV UTF-8”, or a plain-text GIFT or Aiken file, and upload that."),
    ("content.xml", "an OpenDocument (LibreOffice) file", "Save a spreadsheet as "
     "“Text CSV” with UTF-8, or its questions as a plain-text GIFT or Aiken file."),
)  # fmt: skip


def office_file_refusal(data: bytes) -> str | None:
    """What to say of an Office or LibreOffice file uploaded as it is, else ``None``."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    for member, kind, instead in _OFFICE_FILES:
        if member in names:
            return f"This is {kind}, not a file of questions. {instead}"
    return None


def open_package(data: bytes) -> Package:
    """The zip, after its directory passed the member-count, size and name checks."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise UploadError("The Anki package is damaged: it is not a readable zip file.") from error
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UploadError(
            f"The Anki package holds more than {MAX_MEMBERS} files; nothing was imported."
        )
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise UploadError(too_big())
    for member in members:
        if _unsafe_name(member.filename):
            raise UploadError(
                f"The Anki package holds a file named {member.filename!r} that points outside "
                "it; this is not a file Anki writes, so nothing was imported."
            )
    return Package(archive)
