"""Text that no page can show and no database can store is refused at the preview, by line.

A lone surrogate (half a UTF-16 pair, which JSON can spell as ``\\ud800``) is no
character: the preview used to offer "Import all" for one and the import then failed
with a 500, and one in an Anki package's deck name made its preview a 500 for good."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.importers import parse_upload
from quizapp.models import Bank, Fact, PendingUpload
from tests.support.crafted_apkg import legacy_package
from tests.support.rows import count_rows
from tests.support.teach_fixtures import upload

SURROGATE = "\ud800"


def _json_bank(prompt: str, title: str = "Surrogates") -> bytes:
    document = {
        "format": "quizapp-bank",
        "version": 1,
        "bank": {"title": title},
        "facts": [
            {
                "key": "f",
                "statement": "A fact.",
                "questions": [{"key": "t", "kind": "typed", "prompt": prompt, "answer": "A"}],
            }
        ],
    }
    return json.dumps(document, indent=1).encode()  # escapes the surrogate as \ud800


def test_a_lone_surrogate_in_json_is_an_error_naming_its_line_and_field():
    data = _json_bank(f"x{SURROGATE}y")
    assert b"\\ud800" in data
    parsed = parse_upload(data, "bank.json")
    assert [str(error) for error in parsed.errors] == [
        "Line 12: prompt: the text holds an invalid character (a lone surrogate, such as \\ud800)"
    ]
    assert parsed.questions[0].prompt == "x\ufffdy"  # the preview can show it


def test_a_lone_surrogate_in_the_bank_title_is_an_error_too():
    parsed = parse_upload(_json_bank("P?", title=f"T{SURROGATE}"), "bank.json")
    assert [str(error) for error in parsed.errors] == [
        "Line 1: bank title: the text holds an invalid character"
        " (a lone surrogate, such as \\ud800)"
    ]


def test_a_json_upload_with_a_lone_surrogate_is_refused_at_preview_not_at_import(
    teacher_client,
):
    page = upload(teacher_client, "bank.json", _json_bank(f"x{SURROGATE}y"))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Line 12: prompt: the text holds an invalid character" in text
    assert "/import" not in text
    response = teacher_client.post(f"/teach/uploads/{_pending_id()}/import", follow_redirects=True)
    assert response.status_code == 200
    assert count_rows(Bank) == 0 and count_rows(Fact) == 0


@pytest.mark.parametrize(
    "package",
    [
        {"decks": json.dumps({"1": {"name": "D" + SURROGATE}})},
        {"models": json.dumps({"1": {"name": "B" + "\udfff", "type": 0, "tmpls": []}})},
    ],
    ids=["deck name", "note type name"],
)
def test_an_anki_package_with_a_lone_surrogate_opens_its_preview_and_can_be_discarded(
    teacher_client, tmp_path: Path, package: dict[str, str]
):
    data = legacy_package(tmp_path, **package)
    page = upload(teacher_client, "deck.apkg", data)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "/cancel" in text
    if "decks" in package:
        assert "Note 1: topic: the text holds an invalid character" in text
        assert "/import" not in text
    else:  # the note type's name is only quoted in a warning, not stored
        assert "Note 1: note type “B\ufffd” is not a standard one" in text
    response = teacher_client.post(f"/teach/uploads/{_pending_id()}/cancel")
    assert response.status_code == 302 and count_rows(PendingUpload) == 0


def _pending_id() -> int:
    pending_id = db.session.scalar(select(PendingUpload.id))
    assert pending_id is not None
    return pending_id
