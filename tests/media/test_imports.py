"""Images in uploads: kept from Moodle XML and Anki packages, stored with the import,
shown from the app's own URL; fakes, oversize and missing files are warnings."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.exporters import EXPORTS
from quizapp.extensions import db
from quizapp.importers import UploadError, parse_upload
from quizapp.models import Bank, Media, Question
from quizapp.richtext import plain_text
from tests.support.anki_fixtures import anki_collection_with, anki_package, rendered_cards
from tests.support.clients import AuthActions
from tests.support.factories import make_user
from tests.support.image_fixtures import ANKI_PNG, png_bytes
from tests.support.teach_fixtures import (
    by_prompt,
    fixture_bytes,
    import_fixture,
    parse_fixture,
    pending_id_from,
    upload,
)

MEDIA_URL = re.compile(r'src="(/media/([^/"]+)/([0-9a-f]{64})\.png)"')


def _prompt_with(text: str) -> Question:
    return next(q for q in db.session.scalars(select(Question)) if text in plain_text(q.prompt))


def test_a_moodle_image_is_kept_and_fakes_or_missing_files_are_warnings():
    parsed = parse_fixture("moodle_images.xml")
    assert [str(note) for note in parsed.notes] == [
        "Line 11: image trap.png was dropped: it is not a PNG, JPEG, GIF or WebP image",
        "Line 17: image gone.png is missing from the file; it was dropped",
    ]
    assert [image.data for image in parsed.images.values()] == [png_bytes(20, 90, 200)]
    asked = by_prompt(parsed)
    assert MEDIA_URL.search(asked["Which city is marked on this map?"].prompt)
    assert "<img" not in asked["Where is Hanawon? Look"].prompt
    assert "<b>Look</b>" in asked["Where is Hanawon? Look"].prompt


def test_an_uploaded_moodle_image_is_stored_with_the_import_and_shown_to_the_teacher(
    teacher_client,
):
    page = upload(teacher_client, "maps.xml", fixture_bytes("moodle_images.xml"))
    text = page.get_data(as_text=True)
    assert "Line 11: image trap.png was dropped" in text
    assert db.session.scalar(select(func.count(Media.id))) == 0  # nothing before Import
    teacher_client.post(f"/teach/uploads/{pending_id_from(text)}/import")

    bank = db.session.scalar(select(Bank))
    url, slug, sha256 = MEDIA_URL.search(_prompt_with("marked on this map").prompt).groups()
    assert slug == bank.slug
    stored = db.session.scalar(select(Media))
    assert (stored.bank_id, stored.sha256) == (bank.id, sha256)
    assert teacher_client.get(url).data == png_bytes(20, 90, 200)
    bank_page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert url in bank_page


@pytest.mark.parametrize("name", ["apkg/current.apkg", "apkg/legacy.apkg"])
def test_an_anki_image_is_kept_from_current_and_legacy_packages(name):
    parsed = parse_fixture(name)
    assert [image.data for image in parsed.images.values()] == [ANKI_PNG]
    assert MEDIA_URL.search(by_prompt(parsed)["A map"].prompt)


def test_anki_images_that_are_fake_too_big_or_missing_are_warnings_on_their_note():
    parsed = parse_fixture("apkg/images.apkg")
    image_notes = [str(note) for note in parsed.notes if "image" in note.message]
    assert image_notes == [
        "Note 2: note img~fake: image trap.png was dropped: "
        "it is not a PNG, JPEG, GIF or WebP image",
        "Note 3: note img~huge: image huge.png was dropped: it is larger than 2 MB",
        "Note 4: note img~gone: image gone.png is missing from the file; it was dropped",
    ]
    assert len(parsed.facts) == 4  # every question kept, only the images dropped
    asked = by_prompt(parsed)
    assert MEDIA_URL.search(asked["Where is Hanawon?"].prompt)
    assert asked["Who runs Woorion?"].prompt == "Who runs Woorion?"


@pytest.mark.parametrize("name", ["Tom & Jerry.png", 'say "hi".png', "map 100%.png"])
def test_an_anki_image_whose_name_holds_a_character_html_escapes_is_kept(name, tmp_path: Path):
    # Probe: Anki writes <img src="Tom &amp; Jerry.png">, and the image was reported
    # missing under its escaped name and dropped.
    from anki.collection import Collection

    def add_note(collection: Collection) -> None:
        stored = collection.media.write_data(name, png_bytes(10, 120, 40))
        note = collection.new_note(collection.models.by_name("Basic"))
        note.fields[0] = f'A map <img src="{html.escape(stored)}">'
        note.fields[1] = "Seoul"
        collection.add_note(note, collection.decks.id("Deck"))

    parsed = parse_upload(anki_package(add_note, tmp_path), "deck.apkg")
    assert not [note for note in parsed.notes if "image" in note.message]
    assert [image.data for image in parsed.images.values()] == [png_bytes(10, 120, 40)]
    assert MEDIA_URL.search(parsed.questions[0].prompt)


def test_an_anki_image_is_stored_once_for_the_bank_it_is_imported_into(app):
    teacher = make_user(role="teacher")
    bank = import_fixture(teacher, "apkg/images.apkg", "maps").bank
    again = import_fixture(teacher, "apkg/images.apkg", "maps").bank
    assert again.id == bank.id
    assert [m.data for m in db.session.scalars(select(Media))] == [ANKI_PNG]
    assert f"/media/{bank.slug}/" in _prompt_with("Where is Hanawon?").prompt


def test_our_apkg_export_carries_the_image_into_anki(app, tmp_path: Path):
    bank = import_fixture(make_user(role="teacher"), "apkg/images.apkg", "maps").bank
    stored = db.session.scalar(select(Media))
    package = EXPORTS["apkg"].write(bank, None)
    with anki_collection_with(package, tmp_path / "anki") as collection:
        media_folder = Path(collection.media.dir())
        assert (media_folder / f"{stored.sha256}.png").read_bytes() == ANKI_PNG
        fronts = [question for question, _ in rendered_cards(collection)]
        assert any(f'src="{stored.sha256}.png"' in front for front in fronts)
    again = parse_upload(package, "again.apkg")
    assert [image.data for image in again.images.values()] == [ANKI_PNG]
    assert not [note for note in again.notes if "image" in note.message]


def test_our_moodle_export_embeds_the_image_and_reads_back(app):
    bank = import_fixture(make_user(role="teacher"), "moodle_images.xml", "maps").bank
    stored = db.session.scalar(select(Media))
    exported = EXPORTS["moodle-xml"].write(bank, None)
    assert f"@@PLUGINFILE@@/{stored.sha256}.png".encode() in exported
    assert f'<file name="{stored.sha256}.png" path="/" encoding="base64">'.encode() in exported
    again = parse_upload(exported, "again.xml")
    assert not again.notes
    assert [image.data for image in again.images.values()] == [png_bytes(20, 90, 200)]


@pytest.mark.parametrize("export", ["gift", "csv", "json"])
def test_text_exports_keep_the_media_url(app, export):
    bank = import_fixture(make_user(role="teacher"), "moodle_images.xml", "maps").bank
    stored = db.session.scalar(select(Media))
    exported = EXPORTS[export].write(bank, None)
    assert f"/media/{bank.slug}/{stored.sha256}.png".encode() in exported


def test_a_damaged_media_list_refuses_the_package_with_a_clear_message():
    with zipfile.ZipFile(io.BytesIO(fixture_bytes("apkg/legacy.apkg"))) as original:
        members = {name: original.read(name) for name in original.namelist()}
    members["media"] = b"\x0a\xff\xff\xff"  # neither JSON nor a readable entry list
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(UploadError, match="its media list cannot be read"):
        parse_upload(buffer.getvalue(), "deck.apkg")


PREVIEW_URL = re.compile(r'src="(/media/uploads/(\d+)/([0-9a-f]{64})\.png)"')


def test_the_preview_shows_an_upload_s_image_to_its_owner_only(teacher_client):
    page = upload(teacher_client, "maps.xml", fixture_bytes("moodle_images.xml"))
    text = page.get_data(as_text=True)
    url, pending_id, _sha256 = PREVIEW_URL.search(text).groups()
    assert pending_id == str(pending_id_from(text))
    shown = teacher_client.get(url)
    assert shown.status_code == 200
    assert shown.data == png_bytes(20, 90, 200)
    assert shown.headers["Content-Type"] == "image/png"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert teacher_client.get(url.replace(".png", ".gif")).status_code == 404
    assert db.session.scalar(select(func.count(Media.id))) == 0  # still nothing stored

    auth = AuthActions(teacher_client)
    auth.logout()
    assert teacher_client.get(url).status_code == 404  # anonymous
    for role in ("teacher", "student"):
        someone = make_user(email=f"other-{role}@example.org", role=role)
        auth.login(someone.email)
        assert teacher_client.get(url).status_code == 404, role
        auth.logout()


def test_a_preview_s_images_are_served_without_parsing_the_upload_again(
    teacher_client, monkeypatch
):
    """An upload (an Anki package of up to 50 MB) used to be parsed again for every image
    its preview shows; now once for the preview, and its images come from that parse."""
    import quizapp.teach.uploads as uploads

    parses: list[str] = []

    def counted(parser):
        def parse(*args, **kwargs):
            parses.append(parser.__name__)
            return parser(*args, **kwargs)

        return parse

    monkeypatch.setattr(uploads, "parse_text", counted(uploads.parse_text))
    monkeypatch.setattr(uploads, "parse_upload", counted(uploads.parse_upload))
    page = upload(teacher_client, "maps.xml", fixture_bytes("moodle_images.xml"))
    urls = [match.group(1) for match in PREVIEW_URL.finditer(page.get_data(as_text=True))]
    assert urls
    after_preview = len(parses)
    for url in [*urls, *urls]:
        assert teacher_client.get(url).data == png_bytes(20, 90, 200)
    assert len(parses) == after_preview

    pending_id = pending_id_from(page.get_data(as_text=True))
    teacher_client.post(f"/teach/uploads/{pending_id}/cancel")
    assert teacher_client.get(urls[0]).status_code == 404  # a discarded upload shows nothing


def test_a_preview_image_is_still_served_when_its_upload_was_not_kept(teacher_client, monkeypatch):
    """Another worker, or images over the budget: the image request parses the upload."""
    import quizapp.teach.pending_images as pending_images

    monkeypatch.setattr(pending_images, "BUDGET_BYTES", 0)
    page = upload(teacher_client, "maps.xml", fixture_bytes("moodle_images.xml"))
    url = PREVIEW_URL.search(page.get_data(as_text=True)).group(1)
    assert teacher_client.get(url).data == png_bytes(20, 90, 200)


def test_an_image_of_a_skipped_note_is_not_stored_with_the_bank(app, tmp_path: Path):
    # Probe: a note skipped for its empty back still stored its picture in the bank, where
    # no question shows it (and the bank's downloads carried it along).
    from anki.collection import Collection

    from quizapp.importers.save import save_question_set

    def add_notes(collection: Collection) -> None:
        for front, back, colour in (("Skipped <img src='a.png'>", "", 10), ("Kept", "Seoul", 0)):
            if colour:
                collection.media.write_data("a.png", png_bytes(colour, 20, 30))
            note = collection.new_note(collection.models.by_name("Basic"))
            note.fields[:] = [front, back]
            collection.add_note(note, collection.decks.id("Deck"))

    parsed = parse_upload(anki_package(add_notes, tmp_path), "deck.apkg")
    assert [fact.statement for fact in parsed.facts] == ["Kept — Seoul"]
    save_question_set(parsed, make_user(role="teacher"), "maps")
    assert db.session.scalar(select(func.count(Media.id))) == 0
