"""A bank named in Korean gets an address a person can read ("/teach/banks/탈북민-어휘-t3"),
not a hash, and every page, download and link of it works with that address."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, unquote

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.importers import parse_upload
from quizapp.importers.save import save_question_set
from quizapp.models import Bank
from quizapp.richtext import clean_html
from tests.support.factories import make_bank, make_user
from tests.support.teach_fixtures import pending_id_from, upload

CSV = "kind,prompt,answer\ntyped,탈북민의 날은?,7월 14일\n".encode()


def _import(teacher_client, filename: str):
    page = upload(teacher_client, filename, CSV).get_data(as_text=True)
    return teacher_client.post(f"/teach/uploads/{pending_id_from(page)}/import")


def test_a_korean_named_bank_gets_a_readable_address_that_opens_it(teacher_client, teacher):
    response = _import(teacher_client, "탈북민 어휘.csv")
    bank = db.session.scalar(select(Bank))
    assert bank.title == "탈북민 어휘"
    assert bank.slug == f"탈북민-어휘-t{teacher.id}"
    location = response.headers["Location"]
    assert quote(bank.slug) in location and location.isascii()
    page = teacher_client.get(unquote(location.split("?")[0]))
    assert page.status_code == 200 and "탈북민 어휘" in page.get_data(as_text=True)
    bank_page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert f'href="/teach/banks/{quote(bank.slug)}/export/csv"' in bank_page
    assert teacher_client.get(f"/teach/banks/{bank.slug}/settings").status_code == 200
    assert teacher_client.get(f"/study/?bank={quote(bank.slug)}").status_code == 200


def test_a_korean_named_banks_download_keeps_its_name(teacher_client, teacher):
    _import(teacher_client, "탈북민 어휘.csv")
    bank = db.session.scalar(select(Bank))
    download = teacher_client.get(f"/teach/banks/{quote(bank.slug)}/export/csv")
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote('탈북민-어휘.csv')}" in disposition


def test_a_name_pasted_from_a_mac_gives_the_same_composed_address(app):
    teacher = make_user(role="teacher")
    decomposed = unicodedata.normalize("NFD", "1과 어휘")
    bank = save_question_set(parse_upload(CSV, "a.csv"), teacher, decomposed).bank
    assert bank.slug == f"1과-어휘-t{teacher.id}"
    assert unicodedata.is_normalized("NFC", bank.slug)


def test_a_mixed_name_keeps_both_scripts_and_latin_keeps_its_old_address(app):
    teacher = make_user(role="teacher")
    mixed = save_question_set(parse_upload(CSV, "a.csv"), teacher, "Week 1 어휘").bank
    assert mixed.slug == f"week-1-어휘-t{teacher.id}"
    latin = save_question_set(parse_upload(CSV, "b.csv"), teacher, "Café Straße").bank
    assert latin.slug == f"cafe-strae-t{teacher.id}"  # as before: existing addresses hold


def test_an_existing_korean_bank_keeps_its_hashed_address(app):
    teacher = make_user(role="teacher")
    old = make_bank(slug=f"h-0123456789-t{teacher.id}", owner=teacher, title="탈북민 어휘")
    again = save_question_set(parse_upload(CSV, "a.csv"), teacher, "탈북민 어휘")
    assert not again.created and again.bank.id == old.id
    assert again.bank.slug == f"h-0123456789-t{teacher.id}"


def test_an_image_of_a_korean_named_bank_keeps_its_address(app):
    source = f'<img src="/media/탈북민-어휘-t3/{"a" * 64}.png" alt="">'
    assert "/media/탈북민-어휘-t3/" in clean_html(source)
    assert "src" not in clean_html('<img src="/media/탈북민/%2e%2e/x.png">')


def test_a_bank_named_from_a_mac_file_name_is_named_in_composed_hangul(teacher_client, teacher):
    # macOS hands over file names decomposed: "탈북민" as nine jamo that look like three.
    _import(teacher_client, unicodedata.normalize("NFD", "탈북민 어휘.csv"))
    bank = db.session.scalar(select(Bank))
    assert bank.title == "탈북민 어휘" and unicodedata.is_normalized("NFC", bank.title)
    download = teacher_client.get(f"/teach/banks/{quote(bank.slug)}/export/csv")
    assert quote("탈북민-어휘.csv") in download.headers["Content-Disposition"]
