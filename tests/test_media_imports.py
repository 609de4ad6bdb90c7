"""Images in uploads: kept from Moodle XML and Anki packages, stored with the import,
shown from the app's own URL; fakes, oversize and missing files are warnings."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Bank, Media, Question
from quizapp.richtext import plain_text

from .image_fixtures import png_bytes
from .teach_fixtures import by_prompt, fixture_bytes, parse_fixture, pending_id_from, upload

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
