"""The media files of an Anki package, by the names notes use in ``<img src=...>``.

A package numbers its media members ``0``, ``1``, ... and keeps a map from those numbers
to the real names in its ``media`` member: JSON (``{"0": "map.png"}``) in legacy
packages, a zstd-compressed protobuf ``MediaEntries`` list in current ones (entry *i*
is member ``i`` unless the entry names another). Files are read only when a note
refers to them, through ``Package.read`` and its size budget.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .apkg_archive import Package
from .json_lines import NestedTooDeep, loads_shallow
from .text import UploadError

_LENGTH_DELIMITED, _VARINT = 2, 0
_NAME, _LEGACY_ZIP_NAME = 1, 255


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if at >= len(data):
            raise ValueError("truncated varint")
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return value, at


def _fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs of one protobuf message: varints and byte strings."""
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == _VARINT:
            value, at = _varint(data, at)
            yield number, value
        elif wire == _LENGTH_DELIMITED:
            size, at = _varint(data, at)
            yield number, data[at : at + size]
            at += size
        else:
            raise ValueError(f"unexpected protobuf wire type {wire}")


def _entries(raw: bytes) -> dict[str, str]:
    """Member name -> file name from a current package's ``MediaEntries``."""
    names = {}
    for index, (_, entry) in enumerate(_fields(raw)):
        if not isinstance(entry, bytes):
            continue
        found = dict(_fields(entry))
        name, member = found.get(_NAME), found.get(_LEGACY_ZIP_NAME, index)
        if isinstance(name, bytes):
            names[str(member)] = name.decode("utf-8", "replace")
    return names


def media_map(package: Package) -> dict[str, str]:
    """File name -> zip member for every media file the package declares."""
    if "media" not in package.names():
        return {}
    raw = package.read("media")
    try:
        members = {str(k): str(v) for k, v in loads_shallow(raw.decode("utf-8")).items()}
    except NestedTooDeep as error:
        raise UploadError("The Anki package is damaged: its media list nests too deep.") from error
    except (ValueError, AttributeError):
        try:
            members = _entries(raw)
        except ValueError as error:
            raise UploadError(
                "The Anki package is damaged: its media list cannot be read."
            ) from error
    present = package.names()
    return {name: member for member, name in members.items() if member in present}


class PackageMedia(Mapping[str, bytes]):
    """The package's media files by name, each read once, on first use (an image shown
    by many notes counts once against the package's size budget)."""

    def __init__(self, package: Package) -> None:
        self.package, self.members = package, media_map(package)
        self.read: dict[str, bytes] = {}

    def __getitem__(self, name: str) -> bytes:
        if name not in self.read:
            self.read[name] = self.package.read(self.members[name])
        return self.read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.members)

    def __len__(self) -> int:
        return len(self.members)
