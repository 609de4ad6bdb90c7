"""Real Anki (the ``anki`` package) reading our ``.apkg`` exports, as a learner's Anki would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest


@contextmanager
def anki_collection_with(package: bytes, folder: Path) -> Iterator[Collection]:
    """A fresh Anki collection that has imported ``package`` through Anki's own importer."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "export.apkg"
    path.write_bytes(package)
    collection = Collection(str(folder / "collection.anki2"))
    try:
        collection.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=False)
            )
        )
        yield collection
    finally:
        collection.close()


def rendered_cards(collection: Collection) -> list[tuple[str, str]]:
    """(question side, answer side) HTML of every card Anki would show."""
    cards = [collection.get_card(card_id) for card_id in collection.find_cards("")]
    return [(card.question(), card.answer()) for card in cards]


def package_with_notes(notes: list[tuple[str, str, list[str]]], folder: Path) -> bytes:
    """An ``.apkg`` written by real Anki holding ``(guid, note type, fields)`` notes."""

    def add_notes(collection: Collection) -> None:
        for guid, notetype, fields in notes:
            note = collection.new_note(collection.models.by_name(notetype))
            for index, value in enumerate(fields):
                note.fields[index] = value
            note.guid = guid
            collection.add_note(note, collection.decks.id("Deck"))

    return anki_package(add_notes, folder)


def anki_package(
    fill: Callable[[Collection], None],
    folder: Path,
    with_scheduling: bool = False,
    language: str = "en",
) -> bytes:
    """An ``.apkg`` written by real Anki from a new collection that ``fill`` filled (notes,
    media files), with its media (and its scheduling, when asked: Anki's export dialog
    offers it). ``language`` is Anki's: its stock note types are named in it
    ("Einfach" in German)."""
    from anki._backend import RustBackend
    from anki.collection import ExportAnkiPackageOptions
    from anki.import_export_pb2 import ExportLimit

    folder.mkdir(parents=True, exist_ok=True)
    collection = Collection(str(folder / "build.anki2"), backend=RustBackend(langs=[language]))
    try:
        fill(collection)
        collection.export_anki_package(
            out_path=str(folder / "built.apkg"),
            options=ExportAnkiPackageOptions(with_scheduling=with_scheduling, with_media=True),
            limit=ExportLimit(),
        )
    finally:
        collection.close()
    return (folder / "built.apkg").read_bytes()


def exported_by_anki(
    package: bytes, folder: Path, edit: Callable[[Collection], None] | None = None
) -> bytes:
    """``package`` imported into a fresh Anki collection, changed by ``edit`` (as a teacher
    would in Anki) and exported again by Anki, a current package with its media."""
    from anki.collection import ExportAnkiPackageOptions
    from anki.import_export_pb2 import ExportLimit

    out = folder / "from-anki.apkg"
    with anki_collection_with(package, folder / "through-anki") as collection:
        if edit is not None:
            edit(collection)
        collection.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(with_scheduling=False, with_media=True),
            limit=ExportLimit(),
        )
    return out.read_bytes()


def edit_notes(collection: Collection, change: Callable[[Any], None]) -> None:
    """Apply ``change`` to every note of ``collection`` (an ``anki.notes.Note``) and save it."""
    for note_id in collection.find_notes(""):
        note = collection.get_note(note_id)
        change(note)
        collection.update_note(note)
