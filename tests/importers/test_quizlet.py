"""Quizlet exports: term and definition, cards as facts asked several ways."""

from __future__ import annotations

import pytest

from quizapp.importers import Separators, parse_upload
from tests.support.teach_fixtures import parse_fixture, pending_id_from, upload


def test_tab_separated_cards_become_flashcard_and_typed_questions():
    parsed = parse_fixture("quizlet_tab.txt")
    assert parsed.format == "quizlet" and not parsed.errors
    assert len(parsed.facts) == 4
    card = parsed.facts[3]
    kinds = {q.kind: q for q in card.questions}
    assert kinds["flashcard"].prompt == "탈북민"
    assert kinds["typed"].answer == "탈북민"


def test_semicolon_cards_split_on_the_first_comma_only():
    parsed = parse_fixture("quizlet_semicolon.txt")
    assert not parsed.errors
    first = parsed.facts[0].questions[0]
    assert (first.prompt, first.answer) == (
        "Hanawon",
        "The resettlement training centre, run by the state",
    )
    assert len(parsed.facts) == 3


def test_a_definition_that_names_the_term_also_gives_a_cloze():
    parsed = parse_upload(
        b"Hanawon\tAt Hanawon new arrivals learn daily life in the South\n", "q.txt", "quizlet"
    )
    cloze = next(q for q in parsed.questions if q.kind == "cloze")
    assert cloze.prompt == "At {{blank}} new arrivals learn daily life in the South"
    assert cloze.answer == "Hanawon"


@pytest.mark.parametrize(
    ("card", "prompt"),
    [
        ("hanawon\tAt HANAWON new arrivals learn", "At {{blank}} new arrivals learn"),
        ("İzmir\tA city: İzmir, on the coast", "A city: {{blank}}, on the coast"),
        ("Hana\tHana and hana again", None),  # named twice: no cloze
    ],
)
def test_the_cloze_blanks_the_one_mention_of_the_term_whatever_its_case(card, prompt):
    parsed = parse_upload(card.encode(), "q.txt", "quizlet")
    clozes = [q.prompt for q in parsed.questions if q.kind == "cloze"]
    assert clozes == ([prompt] if prompt else [])


def test_a_card_without_separator_names_its_line():
    parsed = parse_upload(b"Woorion without definition\nHanawon\tcentre\n", "q.txt", "quizlet")
    assert [str(p) for p in parsed.errors] == ["Line 1: no tab between term and definition"]


def test_a_line_without_its_tab_after_a_card_says_it_may_continue_the_definition():
    # Probe: Quizlet writes a definition's line breaks as they are, so with rows on new
    # lines its second line was "no tab between term and definition", and no more.
    text = "Hanawon\tThe resettlement centre,\nrun by the state\nWoorion\tA non-profit\n"
    parsed = parse_upload(text.encode(), "q.txt", "quizlet")
    assert [str(p) for p in parsed.errors] == [
        "Line 2: no tab between term and definition (if this line goes on with the "
        "definition above, export the set from Quizlet with semicolons or a custom string "
        "between rows, and choose it here)"
    ]


def test_custom_separators_split_cards_and_definitions_may_span_lines():
    # Finding 3: "Hanawon|Resettlement centre, 12 weeks;;..." became one wrong term.
    text = "Hanawon|Resettlement centre,\n12 weeks;;Woorion|A non-profit;;\n"
    parsed = parse_upload(text.encode(), "q.txt", separators=Separators.named("|", ";;"))
    assert parsed.format == "quizlet" and not parsed.errors, parsed.errors
    cards = [(f.questions[0].prompt, f.questions[0].answer, f.line) for f in parsed.facts]
    assert cards == [
        ("Hanawon", "Resettlement centre,\n12 weeks", 1),
        ("Woorion", "A non-profit", 2),
    ]


def test_semicolon_rows_are_found_when_a_definition_spans_lines():
    # Probe: Quizlet's "semicolon between rows" export of a two-line definition was read
    # as rows on lines: "hund" -> "dog;katze<tab>cat," and "a small pet;Maus" -> "mouse;",
    # without a word.
    text = "hund\tdog;katze\tcat,\na small pet;Maus\tmouse;"
    parsed = parse_upload(text.encode(), "quizlet.txt")
    assert parsed.format == "quizlet" and not parsed.errors, parsed.errors
    cards = [(f.questions[0].prompt, f.questions[0].answer, f.line) for f in parsed.facts]
    assert cards == [("hund", "dog", 1), ("katze", "cat,\na small pet", 1), ("Maus", "mouse", 2)]


def test_named_separators_and_a_custom_row_separator():
    text = "Hanawon,centre\nWoorion,non-profit"
    parsed = parse_upload(text.encode(), "q.txt", separators=Separators.named("comma", "newline"))
    assert [f.questions[0].answer for f in parsed.facts] == ["centre", "non-profit"]
    text = "Hanawon\tcentre#Woorion\tnon-profit"
    parsed = parse_upload(text.encode(), "q.txt", separators=Separators.named("tab", "#"))
    assert [f.questions[0].answer for f in parsed.facts] == ["centre", "non-profit"]


def test_a_file_that_looks_like_other_separators_gets_a_warning():
    text = "Hanawon|Resettlement centre, 12 weeks\nWoorion|A non-profit, for defectors\n"
    parsed = parse_upload(text.encode(), "q.txt", "quizlet")
    assert [str(note) for note in parsed.notes] == [
        "Line 1: most terms contain '|': if the file was exported with other separators, "
        "choose them (Quizlet separators on the upload form)"
    ]


def test_the_upload_form_takes_quizlet_separators_through_to_the_import(teacher_client):
    data = b"Hanawon|Resettlement centre;;Woorion|A non-profit"
    page = upload(
        teacher_client, "cards.txt", data, term_separator="custom", term_custom="|",
        card_separator="custom", card_custom=";;",
    )  # fmt: skip
    text = page.get_data(as_text=True)
    assert "Resettlement centre" in text and "no comma" not in text
    response = teacher_client.post(
        f"/teach/uploads/{pending_id_from(text)}/import", follow_redirects=True
    )
    assert "2 facts" in response.get_data(as_text=True)


def test_lines_of_more_than_two_tab_columns_are_refused_not_glued_into_definitions():
    # Probe: an older Anki export (front, back, tags) was read as Quizlet cards whose
    # definitions were "Seoul<tab>geo korea": learners asked to type the tags.
    text = "Capital of Korea?\tSeoul\tgeo korea\n개\tdog\tvocab\nHanawon\tA centre\n"
    parsed = parse_upload(text.encode(), "Basic.txt")
    assert parsed.format == "quizlet"
    assert [str(error) for error in parsed.errors] == [
        "Line 1: 2 lines (the first here) have more than two columns separated by tabs, "
        "where a Quizlet card has two (term and definition): choose the format the file is "
        "in (an Anki export is Anki notes in plain text; a spreadsheet needs a header row)"
    ]
