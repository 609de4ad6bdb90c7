"""Anki "Notes in Plain Text" exports with their header lines."""

from __future__ import annotations

from quizapp.importers import parse_upload

from .teach_fixtures import parse_fixture


def test_a_realistic_anki_export_uses_guids_decks_and_cleans_html():
    parsed = parse_fixture("anki_notes.txt")
    assert parsed.format == "anki" and not parsed.errors
    assert [fact.key for fact in parsed.facts] == [
        "anki-Ab3xYz01", "anki-Ab3xYz02", "anki-Ab3xYz03", "anki-Ab3xYz04"
    ]  # fmt: skip
    first = parsed.facts[0].questions[0]
    assert first.kind == "flashcard" and first.prompt == "Hanawon"
    assert first.answer == (
        "The state-run training centre where new arrivals spend their first months"
    )
    assert parsed.facts[0].topic == "Resettlement" and parsed.facts[3].topic == "Security"


def test_cloze_notes_become_cloze_questions():
    cloze = parse_fixture("anki_notes.txt").facts[2].questions
    assert [(q.kind, q.prompt, q.answer) for q in cloze] == [
        ("cloze", "Defectors' Day is held every year on {{blank}}.", "14 July")
    ]


def test_script_tags_in_html_fields_are_removed_by_the_sanitiser():
    fact = parse_fixture("anki_notes.txt").facts[3]
    assert fact.questions[0].prompt == "Trash balloons"


def test_without_html_header_markup_is_kept_as_text():
    text = "#separator:Comma\nHanawon,<b>centre</b>\n"
    parsed = parse_upload(text.encode(), "deck.txt")
    assert parsed.questions[0].answer == "<b>centre</b>"


def test_a_note_without_back_names_its_line():
    parsed = parse_upload(b"#separator:tab\n#html:false\nfront\tback\nlonely\n", "deck.txt")
    assert [str(p) for p in parsed.errors] == ["Line 4: the note has no back (a second field)"]


def test_columns_header_names_front_back_and_tags():
    text = (
        "#separator:tab\n#columns:Tags\tBack\tFront\npeople\tA non-profit for defectors\tWoorion\n"
    )
    parsed = parse_upload(text.encode(), "deck.txt")
    assert not parsed.errors
    card = parsed.facts[0]
    assert (card.questions[0].prompt, card.questions[0].answer) == (
        "Woorion", "A non-profit for defectors"
    )  # fmt: skip
    assert card.topic == "people"
