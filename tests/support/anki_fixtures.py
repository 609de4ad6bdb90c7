"""Real Anki (the ``anki`` package) reading our ``.apkg`` exports, as a learner's Anki would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
