"""Quizlet exports: term and definition, cards as facts asked several ways."""

from __future__ import annotations

from quizapp.importers import parse_upload

from .teach_fixtures import parse_fixture


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


def test_a_card_without_separator_names_its_line():
    parsed = parse_upload(b"Hanawon\tcentre\nWoorion without definition\n", "q.txt", "quizlet")
    assert [str(p) for p in parsed.errors] == ["Line 2: no tab between term and definition"]
