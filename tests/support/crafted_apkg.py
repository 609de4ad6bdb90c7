"""Hand-made legacy Anki packages (schema 11: note types and decks as JSON in ``col``),
for the damaged or hostile collections no Anki would write. Real packages come from
``tests/fixtures/apkg/build_fixtures.py``."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

BASIC = {"1": {"name": "Basic", "type": 0, "flds": [{"name": "Front"}, {"name": "Back"}],
               "tmpls": [{"qfmt": "{{Front}}", "afmt": "{{Back}}"}]}}  # fmt: skip
DECKS = {"1": {"name": "Deck"}}


def legacy_package(
    folder: Path,
    *,
    models: str = json.dumps(BASIC),
    decks: str = json.dumps(DECKS),
    fields: str = "Front text\x1fBack text",
    media: str | None = "{}",
) -> bytes:
    """A package of one note (note type 1, deck 1); ``models``, ``decks`` and ``media``
    are the raw JSON the package holds."""
    path = folder / "collection.anki2"
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("create table col (models text, decks text)")
        connection.execute(
            "create table notes (id integer, guid text, mid integer, tags text, flds text)"
        )
        connection.execute("create table cards (nid integer, did integer, ord integer)")
        connection.execute("insert into col values (?, ?)", (models, decks))
        connection.execute("insert into notes values (1, 'guid1', 1, '', ?)", (fields,))
        connection.execute("insert into cards values (1, 1, 0)")
    connection.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("collection.anki2", path.read_bytes())
        if media is not None:
            archive.writestr("media", media)
    path.unlink()
    return buffer.getvalue()
