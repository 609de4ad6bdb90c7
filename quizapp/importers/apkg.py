"""Anki packages (``.apkg``) as written by Anki 2.1.50 and later.

A package is a zip holding a SQLite collection: ``collection.anki21b`` (zstd-compressed,
schema 18, the default since 2.1.50) or, in "support older versions" exports,
``collection.anki21`` / ``collection.anki2`` (schema 11). A current package also holds
a stub ``collection.anki2`` that only says "please update Anki", so the newest
collection present wins. Schema 18 keeps note types and decks in their own tables;
schema 11 keeps them as JSON in ``col``. Either way we read notes, with their note
type's field names, into ``AnkiNote``s and let ``anki_notes`` decide what each becomes
(``anki_ours`` for the note types our export writes, so our own packages come back as
the bank they were written from); images the notes show are taken from the package's
media (``apkg_media``); each note's tags stay on its fact. Problems are placed by note
number.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..media.references import keep_images
from .anki_notes import IMAGE, AnkiNote, note_kind
from .anki_ours import KeepImages, package_notes_to_set
from .apkg_archive import open_package
from .apkg_media import PackageMedia
from .json_lines import loads_shallow
from .records import ParsedSet, check_set
from .text import UploadError

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
FIELD_SEPARATOR = "\x1f"
CLOZE_KIND = b"\x08\x01"  # NotetypeConfig.kind = CLOZE, as protobuf bytes
STOCK_KIND_FIELD = 9  # NotetypeConfig.original_stock_kind, a varint
# A collection is read in far less on any server; a crafted one (a view counting for
# ever, a join over a million rows) is refused once reading it takes this long.
MAX_READ_SECONDS = 20
# SQLite instructions between two looks at the clock.
_CLOCK_EVERY = 10_000
# Longest text or blob one value of the collection may make: a generated column could
# otherwise build a gigabyte from a byte of the file.
MAX_VALUE_BYTES = 10 * 1024 * 1024
# What the notes are read from: tables only. A view or a virtual table computes its rows
# as they are read, so a package of a few hundred bytes could hold rows without end.
_READ = ("col", "notes", "cards", "notetypes", "fields", "templates", "decks")
# id -> (name, our note kind, field names in order)
NoteTypes = dict[int, tuple[str, str, list[str]]]


def parse_apkg(data: bytes) -> ParsedSet:
    package = open_package(data)
    name = next((n for n in COLLECTIONS if n in package.names()), None)
    if name is None:
        raise UploadError("This zip file is not an Anki package: it holds no Anki collection.")
    parsed = ParsedSet(format="apkg", place="Note")
    with _database(package.read(name)) as connection:
        notes = _notes(connection)
    keep = _image_keeper(PackageMedia(package), parsed)
    for note in notes:
        note.fields = [keep(value, note) for value in note.fields]
    return check_set(package_notes_to_set(notes, parsed, keep))


def _image_keeper(media: PackageMedia, parsed: ParsedSet) -> KeepImages:
    """Points each ``<img src="name">`` of a note's text at the package's file of that
    name (kept on the parsed set): the notes' fields before they become facts, and the
    options and accepted answers our own notes carry in their data."""

    def keep(value: str, note: AnkiNote) -> str:
        if not IMAGE.search(value):
            return value
        return keep_images(value, media, parsed, note.line, where=f"note {note.guid}: ")

    return keep


@contextmanager
def _database(content: bytes) -> Iterator[sqlite3.Connection]:
    """The collection opened read-only from a private temporary folder. Anything the body
    cannot read in it (not SQLite, missing tables, broken JSON) is a damaged package.

    A folder, not a file: Anki keeps its collection in WAL mode, and SQLite leaves a
    read-only connection's ``-wal`` and ``-shm`` files beside the copy when it closes;
    they go with the folder."""
    with tempfile.TemporaryDirectory(prefix="quizapp-anki-") as folder:
        path = os.path.join(folder, "collection.anki")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
            file.write(content)
        connection = None
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            connection.execute("PRAGMA trusted_schema = OFF")
            _bounded(connection)
            yield connection
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise UploadError(
                "The Anki package is damaged: its collection cannot be read."
            ) from error
        finally:
            if connection is not None:
                connection.close()


def _varint_field(message: bytes, number: int) -> int:
    """The varint field ``number`` of a protobuf ``message`` (0 when absent or when the
    bytes are no protobuf): enough of the format to read one number of Anki's note type
    config without its schema."""
    position = 0
    while position < len(message):
        key, position = _varint(message, position)
        wire = key & 7
        if wire == 0:
            value, position = _varint(message, position)
            if key >> 3 == number:
                return value
        elif wire == 2:
            length, position = _varint(message, position)
            position += length
        elif wire in (1, 5):
            position += 8 if wire == 1 else 4
        else:
            return 0
    return 0


def _varint(message: bytes, position: int) -> tuple[int, int]:
    """The varint at ``position`` and the position after it (the end when it runs out)."""
    value, shift = 0, 0
    while position < len(message):
        byte = message[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, position
        shift += 7
    return value, len(message)


def _bounded(connection: sqlite3.Connection) -> None:
    """Let reading the collection take at most ``MAX_READ_SECONDS`` and make no value
    over ``MAX_VALUE_BYTES``: past either, SQLite stops with an error (a damaged package)."""
    deadline = time.monotonic() + MAX_READ_SECONDS
    connection.set_progress_handler(lambda: time.monotonic() > deadline, _CLOCK_EVERY)
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


def _tables(connection: sqlite3.Connection) -> set[str]:
    """The collection's tables; any of those read that is something else (a view) makes
    the package damaged (``_READ``)."""
    kinds = dict(connection.execute("select name, type from sqlite_master"))
    if any(kinds.get(name, "table") != "table" for name in _READ):
        raise sqlite3.DatabaseError("a collection's notes are read from tables only")
    virtual = connection.execute(
        "select name from sqlite_master where type = 'table' and sql like 'create virtual%'"
    )
    if any(name in _READ for (name,) in virtual):
        raise sqlite3.DatabaseError("a collection's notes are read from tables only")
    return set(kinds)


def _schema18(connection: sqlite3.Connection) -> tuple[NoteTypes, dict[int, str]]:
    templates: dict[int, str] = {}
    template_counts: dict[int, int] = {}
    for notetype_id, config in connection.execute("select ntid, config from templates"):
        templates[notetype_id] = templates.get(notetype_id, "") + bytes(config).decode(
            "utf-8", "replace"
        )
        template_counts[notetype_id] = template_counts.get(notetype_id, 0) + 1
    field_names: dict[int, list[str]] = {}
    for notetype_id, name in connection.execute("select ntid, name from fields order by ntid, ord"):
        field_names.setdefault(notetype_id, []).append(_text(name))
    notetypes = {
        notetype_id: (
            name,
            note_kind(
                name,
                is_cloze=bytes(config)[:2] == CLOZE_KIND,
                templates=templates.get(notetype_id, ""),
                stock_kind=_varint_field(bytes(config), STOCK_KIND_FIELD),
                shape=(
                    len(field_names.get(notetype_id, [])),
                    template_counts.get(notetype_id, 0),
                ),
            ),
            field_names.get(notetype_id, []),
        )
        for notetype_id, name, config in connection.execute(
            "select id, name, config from notetypes"
        )
    }
    decks = {
        deck_id: name.replace(FIELD_SEPARATOR, "::")
        for deck_id, name in connection.execute("select id, name from decks")
    }
    return notetypes, decks


def _schema11(connection: sqlite3.Connection) -> tuple[NoteTypes, dict[int, str]]:
    models_json, decks_json = connection.execute("select models, decks from col").fetchone()
    notetypes = {}
    for model_id, model in loads_shallow(models_json).items():
        templates = "".join(t.get("qfmt", "") + t.get("afmt", "") for t in model.get("tmpls", []))
        name = _name(model)
        stock = model.get("originalStockKind", 0)
        fields = [_name(field) for field in model.get("flds", [])]
        kind = note_kind(
            name,
            is_cloze=model.get("type") == 1,
            templates=templates,
            stock_kind=stock if isinstance(stock, int) else 0,
            shape=(len(fields), len(model.get("tmpls", []))),
        )
        notetypes[int(model_id)] = (name, kind, fields)
    decks = {int(deck_id): _name(deck) for deck_id, deck in loads_shallow(decks_json).items()}
    return notetypes, decks


def _name(record: dict[str, object]) -> str:
    """A note type's, field's or deck's name; anything but text is a damaged collection."""
    return _text(record["name"])


def _text(name: object) -> str:
    if not isinstance(name, str):
        raise TypeError("a name in the collection is not text")
    return name


def _home_deck(connection: sqlite3.Connection) -> str:
    """The SQL for a card's own deck. A card in a filtered deck (a custom study session,
    exported with its scheduling) keeps its home deck in ``odid``: that deck, where
    Anki's own import puts it back, names the topic, not "Custom Study Session"."""
    columns = {row[1] for row in connection.execute("pragma table_info(cards)")}
    return "coalesce(nullif(c.odid, 0), c.did)" if "odid" in columns else "c.did"


def _note_decks(connection: sqlite3.Connection) -> dict[int, int]:
    """Each note's deck: its first card's (lowest ``ord``), the home deck of a card in a
    filtered deck (``_home_deck``). Read in one pass over the
    cards, as a collection without Anki's index on ``cards.nid`` would make a lookup per
    note read every card (minutes for a few hundred kilobytes)."""
    first: dict[int, tuple[int, int]] = {}
    for note_id, deck_id, order in connection.execute(
        f"select c.nid, {_home_deck(connection)}, c.ord from cards c"
    ):
        if note_id not in first or order < first[note_id][0]:
            first[note_id] = (order, deck_id)
    return {note_id: deck_id for note_id, (_, deck_id) in first.items()}


def _notes(connection: sqlite3.Connection) -> list[AnkiNote]:
    schema = _schema18 if "notetypes" in _tables(connection) else _schema11
    notetypes, decks = schema(connection)
    note_decks = _note_decks(connection)
    rows = connection.execute(
        "select n.id, n.guid, n.mid, n.tags, n.flds from notes n order by n.id"
    )
    notes = []
    for number, (note_id, guid, notetype_id, tags, fields) in enumerate(rows, 1):
        name, kind, field_names = notetypes.get(notetype_id, ("", "other", []))
        deck_id = note_decks.get(note_id)
        deck = "" if deck_id is None else decks.get(deck_id, "")
        notes.append(
            AnkiNote(
                guid=guid,
                kind=kind,
                notetype=name or "unknown",
                fields=fields.split(FIELD_SEPARATOR),
                deck="" if deck == "Default" else deck,
                tags=tags.split(),
                line=number,
                field_names=field_names,
            )
        )
    return notes
