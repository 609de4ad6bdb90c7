"""Anki packages (.apkg) made by real Anki: tests/fixtures/apkg/build_fixtures.py."""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
import zstandard

from quizapp.exporters import EXPORTS
from quizapp.importers import UploadError, apkg_archive, parse_upload
from tests.support.anki_fixtures import anki_collection_with
from tests.support.crafted_apkg import legacy_package
from tests.support.factories import make_user
from tests.support.teach_fixtures import fixture_bytes, import_fixture, pending_id_from, upload

PACKAGES = ["apkg/current.apkg", "apkg/legacy.apkg"]


def _asked(name: str) -> dict[str, list[tuple[str, str, str]]]:
    parsed = parse_upload(fixture_bytes(name), Path(name).name)
    assert parsed.format == "apkg" and not parsed.errors, parsed.errors
    return {f.key: [(q.kind, q.prompt, q.answer) for q in f.questions] for f in parsed.facts}


@pytest.mark.parametrize("name", PACKAGES)
def test_every_note_type_is_asked_as_anki_asks_it(name):
    asked = _asked(name)
    assert asked["bGEC*m!<J9"] == [
        ("flashcard", "Who founded Woorion?", "Park Daehyeon"),
        ("typed", "Who founded Woorion?", "Park Daehyeon"),
    ]
    assert asked["r3v/ers+ed"] == [
        ("flashcard", "Woorion", "A non-profit for defectors"),
        ("typed", "Woorion", "A non-profit for defectors"),
        ("flashcard", "A non-profit for defectors", "Woorion"),
        ("typed", "A non-profit for defectors", "Woorion"),
    ]
    assert asked["typ3d'in"] == [("typed", "Year Park Daehyeon fled", "2006")]
    assert asked['cl0ze"1'] == [
        ("cloze", "Defectors' Day is on {{blank}} (a summer date), first held in 2024.", "14 July"),
        ("cloze", "Defectors' Day is on 14 July, first held in {{blank}}.", "2024"),
    ]
    assert asked["0ther#1"][0] == ("flashcard", "Trash balloons", "Sent south from the North")


@pytest.mark.parametrize("name", PACKAGES)
def test_keys_are_guids_and_decks_are_topics(name):
    parsed = parse_upload(fixture_bytes(name), "deck.apkg")
    assert [fact.key for fact in parsed.facts] == [
        "bGEC*m!<J8", "bGEC*m!<J9", "r3v/ers+ed", "typ3d'in", 'cl0ze"1', "0ther#1", "med1a~1"
    ]  # fmt: skip
    assert [fact.topic for fact in parsed.facts][:4] == ["Resettlement"] * 3 + ["Dates"]


def test_what_cannot_be_kept_is_a_warning_on_its_note():
    parsed = parse_upload(fixture_bytes("apkg/current.apkg"), "deck.apkg")
    notes = [str(note) for note in parsed.notes]
    assert not any("image" in note for note in notes)  # the package's map.png is kept
    assert "Note 7: note med1a~1: audio ([sound:…]) is not kept" in notes
    assert any(n.startswith("Note 6: note type “Quizapp custom” is not a standard") for n in notes)
    assert parsed.facts[6].questions[0].answer == "Seoul"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused(monkeypatch):
    bomb = zstandard.ZstdCompressor().compress(b"\0" * (3 * 2**20))
    monkeypatch.setattr(apkg_archive, "MAX_UNPACKED_BYTES", 2**20)
    with pytest.raises(UploadError, match="unpacks to more than 1 MB"):
        parse_upload(_zip({"collection.anki21b": bomb}), "bomb.apkg")
    with pytest.raises(UploadError, match="unpacks to more than 1 MB"):
        parse_upload(_zip({"collection.anki2": b"\0" * (2 * 2**20)}), "big.apkg")


def test_too_many_members_and_escaping_names_are_refused():
    many = _zip({str(n): b"" for n in range(apkg_archive.MAX_MEMBERS + 1)})
    with pytest.raises(UploadError, match="more than 5000 files"):
        parse_upload(many, "many.apkg")
    with pytest.raises(UploadError, match="points outside"):
        parse_upload(_zip({"../../etc/passwd": b"x", "collection.anki2": b""}), "evil.apkg")


def test_a_zip_without_a_collection_or_with_a_broken_one_is_refused_clearly():
    with pytest.raises(UploadError, match="not an Anki package"):
        parse_upload(_zip({"notes.txt": b"Hanawon\tcentre"}), "notes.zip")
    with pytest.raises(UploadError, match="collection cannot be read"):
        parse_upload(_zip({"collection.anki2": b"not sqlite at all" * 100}), "broken.apkg")


def _damaged(package: bytes, member: str) -> bytes:
    """``package`` with a few bytes of ``member``'s stored data flipped (a bad CRC, or a
    deflate stream that no longer decodes), as a broken download or disk leaves it."""
    data = bytearray(package)
    info = zipfile.ZipFile(io.BytesIO(package)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 20, min(start + 50, start + info.compress_size)):
        data[offset] ^= 0xFF
    return bytes(data)


def _flagged(package: bytes, flag: int = 0, method: int | None = None) -> bytes:
    """``package`` with every member marked encrypted (``flag``) or compressed by a method
    Python cannot read (``method``), in both the local headers and the directory."""
    data = bytearray(package)
    for signature, flags_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        position = data.find(signature)
        while position >= 0:
            data[position + flags_at] |= flag
            if method is not None:
                data[position + method_at : position + method_at + 2] = method.to_bytes(2, "little")
            position = data.find(signature, position + 4)
    return bytes(data)


@pytest.mark.parametrize(
    "damage",
    [
        lambda package: _damaged(package, "collection.anki21b"),
        lambda package: _damaged(package, "0"),
        lambda package: _flagged(package, flag=1),
        lambda package: _flagged(package, method=99),
    ],
    ids=["bad CRC", "bad CRC in an image", "encrypted", "unknown compression"],
)
def test_a_package_whose_members_cannot_be_unpacked_is_a_damaged_package(damage):
    # Probe: each of these gave a 500 page (BadZipFile, RuntimeError, NotImplementedError).
    package = damage(fixture_bytes("apkg/current.apkg"))
    with pytest.raises(UploadError, match="The Anki package is damaged"):
        parse_upload(package, "deck.apkg")


@pytest.mark.parametrize(
    ("members", "name", "said"),
    [
        ({"[Content_Types].xml": b"", "xl/workbook.xml": b"<w/>"}, "q.xlsx", "an Excel workbook"),
        ({"[Content_Types].xml": b"", "word/document.xml": b"<w/>"}, "q.docx", "a Word document"),
        ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b""},
         "q.ods", "an OpenDocument (LibreOffice) file"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("chosen", [None, "csv", "apkg"])
def test_an_office_file_is_named_with_what_to_upload_instead(members, name, said, chosen):
    # Probe: an .xlsx was refused as "not an Anki package", or, chosen as CSV, as "an
    # Anki package (.apkg), not CSV".
    with pytest.raises(UploadError, match=re.escape(f"This is {said}, not a file of")) as refused:
        parse_upload(_zip(members), name, chosen)
    assert "UTF-8" in str(refused.value) and "Anki" not in str(refused.value)


def test_a_package_chosen_as_another_format_is_named():
    with pytest.raises(UploadError, match=r"This is an Anki package \(\.apkg\).*choose Anki"):
        parse_upload(fixture_bytes("apkg/current.apkg"), "deck.txt", "quizlet")


def test_a_teacher_uploads_a_package_previews_it_and_imports_it(teacher_client, teacher):
    page = upload(teacher_client, "korea.apkg", fixture_bytes("apkg/current.apkg"))
    text = page.get_data(as_text=True)
    assert "Who founded Woorion?" in text and "audio ([sound:…]) is not kept" in text
    response = teacher_client.post(
        f"/teach/uploads/{pending_id_from(text)}/import", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "7 facts" in page and "<h1>Korea</h1>" in page  # named after the file


def test_a_wrongly_chosen_format_is_refused_on_the_upload_page(teacher_client):
    page = upload(teacher_client, "korea.apkg", fixture_bytes("apkg/current.apkg"), format="gift")
    assert "choose Anki package" in page.get_data(as_text=True)


def test_our_apkg_export_imports_into_anki_and_back_into_quizapp(app, tmp_path: Path):
    teacher = make_user(role="teacher")
    bank = import_fixture(teacher, "apkg/legacy.apkg", "korea").bank
    package = EXPORTS["apkg"].write(bank, None)
    with anki_collection_with(package, tmp_path) as collection:
        # One note per question form that differs: 7 notes, one more for the reversed
        # direction and one more for the second cloze number.
        assert collection.note_count() == 9
    again = parse_upload(package, "again.apkg")
    assert not again.errors
    assert {q.answer for q in again.questions} >= {"2006", "Park Daehyeon", "14 July", "2024"}


def test_the_bank_page_keeps_each_import_with_its_warnings(teacher_client, teacher):
    bank = import_fixture(teacher, "apkg/current.apkg", "korea").bank
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert "Import history" in page
    assert "korea (apkg) · 7 facts, 15 questions · 2 warnings" in page  # tags are kept
    assert "Note 7: note med1a~1: audio ([sound:…]) is not kept" in page


def test_a_decks_undescribed_pictures_say_they_are_pictures_on_the_bank_page(
    teacher_client, teacher
):
    bank = import_fixture(teacher, "apkg/current.apkg", "korea").bank
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    pictures = re.findall(r'<img src="/media/[^>]*>', page)
    assert pictures and all(re.search(r'\salt="[^"]+"', picture) for picture in pictures)


def test_a_banks_import_warnings_are_folded_under_their_count_above_its_facts(
    teacher_client, teacher
):
    """A deck re-uploaded through a term, each time with a warning per note, listed every
    warning open above the facts: hundreds of lines before the first fact."""
    for _ in range(2):
        bank = import_fixture(teacher, "apkg/current.apkg", "korea").bank
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    history = page[page.index("Import history") : page.index("Facts and questions")]
    folded = re.findall(
        r"<details>\s*<summary>Show them<.*?</summary>(.*?)</details>", history, re.S
    )
    assert len(folded) == 2 and all("audio ([sound:…]) is not kept" in part for part in folded)
    assert "audio ([sound:…]) is not kept" not in re.sub(
        r"<details>.*?</details>", "", history, flags=re.S
    )


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    ("package", "damage"),
    [
        ({"models": '{"1": ' + DEEP + "}"}, "its collection cannot be read"),
        ({"decks": '{"1": {"name": "x", "a": ' + DEEP + "}}"}, "its collection cannot be read"),
        ({"media": DEEP}, "its media list nests too deep"),
        ({"decks": json.dumps({"1": {"name": 7}})}, "its collection cannot be read"),
        ({"decks": json.dumps({"1": {"name": ["a"]}})}, "its collection cannot be read"),
        (
            {"models": json.dumps({"1": {"name": 5, "type": 0, "tmpls": []}})},
            "its collection cannot be read",
        ),
    ],
    ids=["models deep", "decks deep", "media deep", "deck name int", "deck name list", "model"],
)
def test_a_collection_with_deep_or_mistyped_json_is_a_damaged_package(
    tmp_path: Path, package: dict[str, str], damage: str
):
    data = legacy_package(tmp_path, **package)
    with pytest.raises(UploadError, match=f"The Anki package is damaged: {damage}"):
        parse_upload(data, "deck.apkg")


def test_a_damaged_package_is_refused_on_the_upload_page(teacher_client, tmp_path: Path):
    page = upload(
        teacher_client, "deck.apkg", legacy_package(tmp_path, decks='{"1": ' + DEEP + "}")
    )
    assert page.status_code == 200
    assert "The Anki package is damaged" in page.get_data(as_text=True)


def test_a_hand_made_legacy_package_with_sound_json_still_imports(tmp_path: Path):
    parsed = parse_upload(legacy_package(tmp_path), "deck.apkg")
    assert not parsed.errors and parsed.facts[0].topic == "Deck"


def test_notes_with_an_empty_side_are_skipped_by_name_and_the_rest_imported(tmp_path: Path):
    # Probe: one empty back refused the whole package ("Note 15: the note has no back").
    from tests.support.anki_fixtures import package_with_notes

    package = package_with_notes(
        [
            ("g-ok", "Basic", ["Hanawon", "A training centre"]),
            ("g-empty-back", "Basic", ["Front with empty back", ""]),
            ("g-empty-front", "Basic", ["", "Back with empty front"]),
            ("g-sound-only", "Basic", ["Listen", "[sound:a.mp3]"]),
        ],
        tmp_path,
    )
    parsed = parse_upload(package, "deck.apkg")
    assert not parsed.errors, parsed.errors
    assert [fact.key for fact in parsed.facts] == ["g-ok"]
    assert [str(p) for p in parsed.notes] == [
        "Note 2: note g-empty-back (“Front with empty back”) skipped: "
        "it has no back (a second field with text)",
        "Note 3: note g-empty-front skipped: its front (first field) is empty",
        "Note 4: note g-sound-only: audio ([sound:…]) is not kept",
        "Note 4: note g-sound-only (“Listen”) skipped: it has no back (a second field with text)",
    ]


def test_an_image_occlusion_note_is_skipped_by_name_not_asked_as_a_blank(tmp_path: Path):
    # Probe: Anki 23.10's Image Occlusion note became a cloze question "{{blank}}" whose
    # answer was "image-occlusion:rect:left=.1:top=.1:...".
    from tests.support.anki_fixtures import anki_package
    from tests.support.image_fixtures import png_bytes

    picture = tmp_path / "map.png"
    picture.write_bytes(png_bytes())

    def fill(collection):
        notetype = collection.models.by_name("Image Occlusion")
        collection.add_image_occlusion_note(
            notetype_id=notetype["id"],
            image_path=str(picture),
            occlusions="{{c1::image-occlusion:rect:left=.1:top=.1:width=.3:height=.2:oi=1}}",
            header="Label the map",
            back_extra="",
            tags=[],
        )
        note = collection.new_note(collection.models.by_name("Basic"))
        note.fields[:] = ["Hanawon", "A training centre"]
        collection.add_note(note, collection.decks.id("Deck"))

    parsed = parse_upload(anki_package(fill, tmp_path / "anki"), "deck.apkg")
    assert not parsed.errors, parsed.errors
    assert [fact.statement for fact in parsed.facts] == ["Hanawon — A training centre"]
    [note] = [str(problem) for problem in parsed.notes]
    assert re.fullmatch(
        r"Note 1: note \S+ \(“Label the map”\) skipped: it is an image occlusion note "
        r"\(parts of a picture hidden by shapes\), which cannot be asked here",
        note,
    ), note


def test_a_card_in_a_filtered_deck_takes_its_home_decks_topic(tmp_path: Path):
    # Probe: a deck exported while a custom study session held its cards came in with
    # every topic "Custom Study Session", the filtered deck's name.
    from tests.support.anki_fixtures import anki_package

    def fill(collection):
        note = collection.new_note(collection.models.by_name("Basic"))
        note.fields[:] = ["Hanawon", "A training centre"]
        collection.add_note(note, collection.decks.id("Korea::Resettlement"))
        collection.sched.rebuild_filtered_deck(
            collection.decks.new_filtered("Custom Study Session")
        )
        [card] = collection.find_cards("")
        assert collection.get_card(card).odid  # the card sits in the filtered deck

    package = anki_package(fill, tmp_path, with_scheduling=True)
    parsed = parse_upload(package, "deck.apkg")
    assert [fact.topic for fact in parsed.facts] == ["Resettlement"]


@pytest.mark.parametrize("legacy", [False, True])
def test_anki_stock_note_types_named_in_another_language_are_asked_as_in_english(
    tmp_path: Path, legacy: bool
):
    # Probe: a German Anki's "Einfach (und die umgekehrte Richtung)" (Basic and reversed)
    # was "not a standard one": asked one way only, with a warning on every note.
    from anki.collection import Collection, ExportAnkiPackageOptions
    from anki.import_export_pb2 import ExportLimit

    from tests.support.anki_fixtures import anki_package

    def fill(collection: Collection) -> None:
        for kind, fields in ((2, ["Hund", "dog"]), (4, ["Katze", "cat"])):
            [notetype] = [m for m in collection.models.all() if m["originalStockKind"] == kind]
            note = collection.new_note(notetype)
            note.fields[:] = fields
            collection.add_note(note, collection.decks.id("Deutsch"))
        if legacy:  # "Support older Anki versions": the collection in schema 11
            collection.export_anki_package(
                out_path=str(tmp_path / "legacy.apkg"),
                options=ExportAnkiPackageOptions(legacy=True),
                limit=ExportLimit(),
            )

    package = anki_package(fill, tmp_path / "anki", language="de")
    if legacy:
        package = (tmp_path / "legacy.apkg").read_bytes()
    parsed = parse_upload(package, "deutsch.apkg")
    assert not parsed.problems, parsed.problems
    dog, cat = parsed.facts
    assert [(q.kind, q.prompt) for q in dog.questions] == [
        ("flashcard", "Hund"), ("typed", "Hund"), ("flashcard", "dog"), ("typed", "dog")
    ]  # fmt: skip
    assert [(q.kind, q.prompt, q.answer) for q in cat.questions] == [("typed", "Katze", "cat")]


@pytest.mark.parametrize("name", PACKAGES)
def test_reading_a_package_leaves_no_file_behind(name, tmp_path, monkeypatch):
    """Anki keeps its collection in WAL mode: opened read-only, SQLite left the copy's
    ``-wal`` and ``-shm`` files in the temporary folder after every upload and every look
    at its preview (1,601 pairs after one day of this suite), filling a server's /tmp."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _asked(name)
    assert sorted(path.name for path in tmp_path.iterdir()) == []
