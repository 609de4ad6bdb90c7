"""Fact tags (Anki's, Moodle's, our own): kept on import, written on export, editable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.exporters import EXPORTS
from quizapp.extensions import db
from quizapp.importers import parse_upload
from quizapp.importers.save import save_question_set
from quizapp.models import Bank, Fact
from tests.support.anki_fixtures import anki_collection_with
from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.teach_fixtures import (
    fixture_bytes,
    import_fixture,
    parsed_without_errors,
    pending_id_from,
    upload,
)

FIXTURE_TAGS = [["resettlement"], ["people"], [], ["dates"], ["dates"], [], []]
TAGS = ["Korea::Dates", "hard", "자막"]


def _tagged_bank(owner_role: str = "teacher") -> Bank:
    """A teacher's bank whose facts have tags (hierarchical, non-Latin) and none."""
    bank = make_bank(owner=make_user(role=owner_role), title="Tagged")
    tagged = make_fact(bank, "day", topic="Dates", tags=TAGS)
    make_question(
        tagged, "flashcard", "flashcard", prompt="Date of Defectors Day", answer="14 July"
    )
    make_question(tagged, "typed", "typed", prompt="Year of the first day", answer="2024")
    plain = make_fact(bank, "centre", topic="Resettlement")
    make_question(plain, "typed", "typed", prompt="State training centre", answer="Hanawon")
    return bank


def _tags_by_key(facts) -> dict[str, list[str]]:
    return {fact.key: list(fact.tags) for fact in facts}


@pytest.mark.parametrize("name", ["apkg/current.apkg", "apkg/legacy.apkg"])
def test_each_anki_note_keeps_its_tags_on_its_fact(name):
    parsed = parse_upload(fixture_bytes(name), "deck.apkg")
    assert [fact.tags for fact in parsed.facts] == FIXTURE_TAGS
    assert not any("tags" in str(note) for note in parsed.notes)


def test_anki_plain_text_notes_keep_the_tags_column():
    text = (
        "#separator:tab\n#html:false\n#tags column:3\n"
        "Hanawon\tTraining centre\tKorea::Places hard\n"
    )
    parsed = parse_upload(text.encode(), "deck.txt")
    assert not parsed.errors
    assert parsed.facts[0].tags == ["Korea::Places", "hard"]


def test_the_upload_preview_no_longer_warns_that_tags_are_lost(teacher_client):
    page = upload(teacher_client, "korea.apkg", fixture_bytes("apkg/current.apkg"))
    text = page.get_data(as_text=True)
    assert "Who founded Woorion?" in text
    assert "tags are not kept" not in text
    assert '<span class="tag">people</span>' in text  # shown in the preview, kept on import
    teacher_client.post(f"/teach/uploads/{pending_id_from(text)}/import")
    fact = db.session.scalar(select(Fact).where(Fact.key == "bGEC*m!<J9"))
    assert fact is not None and fact.tags == ["people"]


def test_our_apkg_export_gives_anki_the_tags_and_back(app, tmp_path: Path):
    bank = _tagged_bank()
    package = EXPORTS["apkg"].write(bank, None)
    with anki_collection_with(package, tmp_path) as collection:
        notes = [collection.get_note(nid) for nid in collection.find_notes("")]
        by_front = {note.fields[0]: note.tags for note in notes}
        assert set(by_front["Date of Defectors Day"]) == {*TAGS, "quizapp-topic::Dates"}
        assert by_front["State training centre"] == ["quizapp-topic::Resettlement"]
        assert collection.find_notes("tag:Korea::Dates")  # a real Anki tag, hierarchy kept
    again = parse_upload(package, "again.apkg")
    assert not again.errors, again.errors
    facts = {fact.questions[0].prompt: fact for fact in again.facts}
    assert facts["Date of Defectors Day"].tags == TAGS
    assert (facts["State training centre"].tags, facts["State training centre"].topic) == (
        [], "Resettlement"
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "json", "moodle-xml"])
def test_csv_json_and_moodle_xml_round_trips_keep_the_tags(app, fmt):
    bank = _tagged_bank()
    exported = EXPORTS[fmt].write(bank, None)
    parsed = parsed_without_errors(exported, f"again.{'xml' if fmt == 'moodle-xml' else fmt}")
    assert _tags_by_key(parsed.facts) == {"day": TAGS, "centre": []}
    again = save_question_set(parsed, make_user(role="teacher"), "again").bank
    assert EXPORTS[fmt].write(again, None) == exported  # and again, byte for byte


def test_the_csv_tags_column_is_space_separated_and_optional(app):
    exported = EXPORTS["csv"].write(_tagged_bank(), None).decode()
    header, first = exported.split("\r\n")[:2]
    assert header.endswith(",strict,tags")
    assert first.endswith(",Korea::Dates hard 자막")
    older = "kind,prompt,answer,topic\ntyped,State training centre,Hanawon,Places\n"
    parsed = parse_upload(older.encode(), "older.csv")
    assert not parsed.errors and parsed.facts[0].tags == []


def test_json_tags_must_be_a_list_of_single_words(app):
    document = json.loads(EXPORTS["json"].write(_tagged_bank(), None))
    assert document["facts"][0]["tags"] == TAGS
    document["facts"][0]["tags"] = "hard"
    document["facts"][1]["tags"] = ["two words"]
    parsed = parse_upload(json.dumps(document).encode(), "bad.json")
    messages = [str(problem) for problem in parsed.errors]
    assert any("tags must be a list of strings" in m for m in messages)
    assert any("the tag 'two words' must be one word" in m for m in messages)


def test_moodle_xml_tags_become_fact_tags_and_spaces_are_a_warning():
    xml = (
        '<?xml version="1.0"?><quiz><question type="shortanswer">'
        "<name><text>centre</text></name>"
        '<questiontext format="html"><text>State training centre</text></questiontext>'
        '<answer fraction="100"><text>Hanawon</text></answer>'
        "<tags><tag><text>Korea::Places</text></tag><tag><text>new arrivals</text></tag>"
        "<tag><text>quizapp-kind-flashcard</text></tag></tags>"
        "</question></quiz>"
    )
    parsed = parsed_without_errors(xml.encode(), "moodle.xml")
    assert parsed.facts[0].tags == ["Korea::Places", "new_arrivals"]
    assert parsed.facts[0].questions[0].kind == "flashcard"  # our own tag, not a fact tag
    assert [str(n) for n in parsed.notes] == [
        "Line 1: the tag “new arrivals” is kept as “new_arrivals”"
    ]


def test_reimporting_updates_tags_in_place_under_the_same_keys(app):
    teacher = make_user(role="teacher")
    bank = import_fixture(teacher, "apkg/current.apkg", "korea").bank
    ids = {fact.key: fact.id for fact in bank.facts}
    parsed = parse_upload(fixture_bytes("apkg/current.apkg"), "korea.apkg")
    parsed.facts[0].tags = ["resettlement", "Korea::Hanawon"]
    parsed.facts[1].tags = []
    save_question_set(parsed, teacher, "korea")
    facts = db.session.scalars(select(Fact).where(Fact.bank_id == bank.id)).all()
    assert {fact.key: fact.id for fact in facts} == ids
    tags = _tags_by_key(facts)
    assert (tags["bGEC*m!<J8"], tags["bGEC*m!<J9"]) == (["resettlement", "Korea::Hanawon"], [])


def test_the_bank_page_lists_tags_and_the_fact_editor_changes_them(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank, "day", tags=["dates", "Korea::Dates"])
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert '<span class="tag">Korea::Dates</span>' in page
    form = teacher_client.get(f"/teach/banks/{bank.slug}/facts/{fact.id}/edit")
    assert 'value="dates Korea::Dates"' in form.get_data(as_text=True)
    teacher_client.post(
        f"/teach/banks/{bank.slug}/facts/{fact.id}/edit",
        data={"key": "day", "statement": fact.statement, "tags": "  hard   dates hard "},
    )
    db.session.refresh(fact)
    assert fact.tags == ["hard", "dates"]


def test_the_fact_editor_refuses_control_characters_and_overlong_tags(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    fact = make_fact(bank, "day", tags=["dates"])
    edit = f"/teach/banks/{bank.slug}/facts/{fact.id}/edit"
    for tags, message in (
        ("bell\x07", "holds a control character"),
        ("x" * 101, "longer than 100 characters"),
        (" ".join(f"t{n}" for n in range(51)), "at most 50 tags"),
    ):
        page = teacher_client.post(
            edit, data={"key": "day", "statement": fact.statement, "tags": tags}
        ).get_data(as_text=True)
        assert message in page
        db.session.refresh(fact)
        assert fact.tags == ["dates"]


def test_students_do_not_see_tags(client, app):
    bank = _tagged_bank()
    assert bank.facts[0].tags == TAGS
    # Tags are a teacher's filing: no learner page renders them (the study card shows
    # the topic only): only the teacher's bank page and upload preview read fact.tags.
    templates = Path(app.root_path, "templates")
    readers = [
        path.relative_to(templates).as_posix()
        for path in templates.rglob("*.html")
        if "fact.tags" in path.read_text()
    ]
    assert sorted(readers) == ["teach/bank.html", "teach/preview.html"]
