"""Notes of our own Anki note types coming back from Anki: edited, added, duplicated, their
data broken or from before it existed (``importers/anki_ours.py``)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import genanki
import pytest

from quizapp.exporters import EXPORTS
from quizapp.importers import parse_upload
from quizapp.importers.anki_ours import (
    DATA_FIELD,
    NoteData,
    QuestionData,
    read_note_data,
    write_note_data,
)
from quizapp.models import Bank
from tests.support.anki_fixtures import edit_notes, exported_by_anki
from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.teach_fixtures import parsed_without_errors


def _bank() -> Bank:
    bank = make_bank(owner=make_user(role="teacher"))
    fact = make_fact(bank, key="centre", statement="Hanawon trains defectors.", topic="Places")
    make_question(
        fact, key="typed", kind="typed", prompt="Spell the centre", answer="Hanawon",
        accepted_variants=["Hanaweon"], explanation="Opened in 1999.",
    )  # fmt: skip
    make_question(
        fact, key="mc", kind="multiple_choice", prompt="Which centre?", answer="Hanawon",
        choices=["Woorion"],
    )  # fmt: skip
    return bank


def _through_anki(tmp_path: Path, change: Any) -> Any:
    package = EXPORTS["apkg"].write(_bank(), None)
    return exported_by_anki(package, tmp_path, lambda c: edit_notes(c, change))


def _questions(parsed: Any) -> dict[tuple[str, str], Any]:
    return {(f.key, q.key): q for f in parsed.facts for q in f.questions}


def test_a_card_edited_in_anki_comes_back_edited_with_its_keys_and_new_topic(app, tmp_path: Path):
    def change(note: Any) -> None:
        note.tags = ["quizapp-topic::North_Korea"]
        if note["Prompt"] == "Spell the centre":
            note["Answer"] = "Hanawon <b>centre</b>"
            note["Explanation"] = "Opened in 1999 near Seoul."

    parsed = parsed_without_errors(_through_anki(tmp_path, change), "edited.apkg")
    typed = _questions(parsed)["centre", "typed"]
    assert (typed.kind, typed.answer, typed.explanation) == (
        "typed", "<!--rich-->Hanawon <b>centre</b>", "Opened in 1999 near Seoul."
    )  # fmt: skip
    assert typed.accepted_variants == ["Hanaweon"]
    assert _questions(parsed)["centre", "mc"].choices == ["Woorion"]
    assert parsed.facts[0].topic == "North Korea"  # the topic tag changed in Anki


def test_a_note_whose_data_was_broken_is_asked_as_a_basic_note_with_a_warning(app, tmp_path: Path):
    def change(note: Any) -> None:
        note[DATA_FIELD] = "edited away"

    parsed = parsed_without_errors(_through_anki(tmp_path, change), "broken.apkg")
    assert len(parsed.notes) == 2
    assert all(f"its {DATA_FIELD} field cannot be read" in n.message for n in parsed.notes)
    asked = {(q.kind, q.prompt, q.explanation) for q in parsed.questions}
    assert ("typed", "Spell the centre", "Opened in 1999.") in asked
    assert ("flashcard", "Spell the centre", "Opened in 1999.") in asked


def test_a_note_added_in_anki_with_our_note_type_is_a_basic_note(app, tmp_path: Path):
    def add(collection: Any) -> None:
        notetype = collection.models.by_name("Quizapp question")
        note = collection.new_note(notetype)
        note["Prompt"], note["Answer"], note["Explanation"] = "Woorion?", "A non-profit", "Why"
        note.guid = "added-in-anki"
        collection.add_note(note, collection.decks.id("Places"))

    package = exported_by_anki(EXPORTS["apkg"].write(_bank(), None), tmp_path, add)
    parsed = parsed_without_errors(package, "added.apkg")
    assert not parsed.notes
    added = next(fact for fact in parsed.facts if fact.key == "added-in-anki")
    assert [(q.kind, q.answer, q.explanation) for q in added.questions] == [
        ("flashcard", "A non-profit", "Why"), ("typed", "A non-profit", "Why")
    ]  # fmt: skip
    assert [fact.key for fact in parsed.facts] == ["centre", "added-in-anki"]


def test_a_note_copied_in_anki_adds_a_question_with_a_key_of_its_own(app, tmp_path: Path):
    def copy(collection: Any) -> None:
        [original] = [
            collection.get_note(nid) for nid in collection.find_notes('"Prompt:Which centre?"')
        ]
        note = collection.new_note(original.note_type())
        note.fields = list(original.fields)
        note["Prompt"] = "Which centre, again?"
        collection.add_note(note, collection.decks.id("Places"))

    package = exported_by_anki(EXPORTS["apkg"].write(_bank(), None), tmp_path, copy)
    parsed = parsed_without_errors(package, "copied.apkg")
    [fact] = parsed.facts
    assert [q.key for q in fact.questions] == ["typed", "mc", "mc-2"]
    assert fact.questions[2].prompt == "Which centre, again?"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not json",
        "[1, 2]",
        '{"fact_key": "k", "questions": []}',
        '{"fact_key": "", "questions": [{"key": "q", "kind": "typed"}]}',
        '{"fact_key": 5, "questions": [{"key": "q", "kind": "typed"}]}',
        '{"fact_key": "k", "questions": "typed"}',
        '{"fact_key": "k", "questions": [["typed"]]}',
        '{"fact_key": "k", "questions": [{"key": "q", "kind": "typed", "strict": "yes"}]}',
        '{"fact_key": "k", "questions": [{"key": "q", "kind": "typed", "choices": [1]}]}',
        '{"fact_key": "k", "source_paragraph": "3", "questions": [{"kind": "typed"}]}',
        '{"fact_key": "k", "source_paragraph": true, "questions": [{"kind": "typed"}]}',
        '{"fact_key": "k", "source_paragraph": 1' + "0" * 5000 + ', "questions": [{}]}',
        '{"fact_key": "k", "questions": [{"key": "q", "kind": "typed"}], "x": '
        + "[" * 100
        + "]" * 100
        + "}",
    ],
)
def test_data_that_is_not_ours_is_not_read(text):
    assert read_note_data(html.escape(text)) is None


def test_our_data_reads_back_as_written_even_wrapped_by_ankis_editor():
    data = NoteData(
        fact_key="k", statement='A <b> & "c"', topic="T_1", source_ref="", source_paragraph=2,
        questions=[QuestionData("q", "typed", ["v"], [], True)],
    )  # fmt: skip
    assert read_note_data(write_note_data(data)) == data
    assert read_note_data(f"<div>{write_note_data(data)}</div>") == data


def test_a_nul_in_a_notes_data_is_refused_with_its_note(app, tmp_path: Path):
    def change(note: Any) -> None:
        record = json.loads(html.unescape(note[DATA_FIELD]))
        note[DATA_FIELD] = html.escape(json.dumps({**record, "fact_key": "a\u0000b"}))

    parsed = parse_upload(_through_anki(tmp_path, change), "nul.apkg")
    assert parsed.errors
    assert all("NUL" in str(error) and str(error).startswith("Note ") for error in parsed.errors)


def test_an_export_from_before_the_data_field_is_asked_as_basic_notes_with_explanations(
    tmp_path: Path,
):
    model = genanki.Model(
        1_234_567,
        "Quizapp question",
        fields=[{"name": "Prompt"}, {"name": "Answer"}, {"name": "Explanation"}],
        templates=[{"name": "Card 1", "qfmt": "{{Prompt}}", "afmt": "{{Answer}}"}],
    )
    deck = genanki.Deck(7_654_321, "Old export")
    deck.add_note(genanki.Note(model, ["Hanawon?", "A centre", "Since 1999"], guid="old"))
    genanki.Package(deck).write_to_file(tmp_path / "old.apkg")
    parsed = parsed_without_errors((tmp_path / "old.apkg").read_bytes(), "old.apkg")
    assert not parsed.notes  # no "not a standard note type" warning
    assert [(q.kind, q.explanation) for q in parsed.questions] == [
        ("flashcard", "Since 1999"), ("typed", "Since 1999")
    ]  # fmt: skip
