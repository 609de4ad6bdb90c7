"""Anki "Notes in Plain Text" exports with their header lines."""

from __future__ import annotations

from quizapp.importers import parse_upload
from quizapp.richtext import RICH_MARK
from tests.support.teach_fixtures import parse_fixture, parsed_without_errors


def test_a_realistic_anki_export_uses_guids_decks_and_keeps_formatting():
    parsed = parse_fixture("anki_notes.txt")
    assert parsed.format == "anki" and not parsed.errors
    assert [fact.key for fact in parsed.facts] == [
        "Ab3xYz01", "Ab3xYz02", "Ab3xYz03", "Ab3xYz04"
    ]  # fmt: skip
    first = parsed.facts[0].questions[0]
    assert first.kind == "flashcard" and first.prompt == "Hanawon"
    assert first.answer == RICH_MARK + (
        "The state-run <b>training centre</b> where new arrivals spend their first months"
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


def test_a_note_without_back_is_skipped_with_a_warning_on_its_line():
    parsed = parse_upload(b"#separator:tab\n#html:false\nfront\tback\nlonely\n", "deck.txt")
    assert not parsed.errors and len(parsed.facts) == 1
    assert [str(p) for p in parsed.notes] == [
        "Line 4: the note (“lonely”) skipped: it has no back (a second field with text)"
    ]


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
    assert (card.topic, card.tags) == ("people", ["people"])


def test_guids_are_kept_exactly_even_with_markup_characters():
    # Finding 1: guids went through the HTML cleaner; two notes sharing the part before
    # "<" collided and a fact's key moved to another note when the deck was reordered.
    text = (
        "#separator:tab\n#html:true\n#guid column:1\n"
        "bGEC*m!<J8\tHanawon\tTraining centre\n"
        "bGEC*m!<J9\tWoorion\tA non-profit\n"
    )
    keys = [fact.key for fact in parse_upload(text.encode(), "deck.txt").facts]
    reordered = "\n".join([*text.split("\n")[:3], *reversed(text.strip().split("\n")[3:])])
    again = {fact.key: fact.statement for fact in parse_upload(reordered.encode(), "d.txt").facts}
    assert keys == ["bGEC*m!<J8", "bGEC*m!<J9"]
    assert again["bGEC*m!<J8"].startswith("Hanawon")


def _asked(text: str) -> list[tuple[str, str, str]]:
    parsed = parsed_without_errors(text.encode(), "deck.txt")
    return [(q.kind, q.prompt, q.answer) for q in parsed.questions]


def test_type_in_the_answer_notes_are_asked_front_to_back_only():
    # Finding 4: a "Basic (type in the answer)" note was asked backwards.
    text = "#separator:tab\n#notetype column:1\nBasic (type in the answer)\tYear Park fled\t2006\n"
    assert _asked(text) == [("typed", "Year Park fled", "2006")]


def test_basic_notes_are_typed_only_front_to_back_and_reversed_notes_both_ways():
    basic = "#separator:tab\n#notetype column:1\nBasic\tHanawon\tTraining centre\n"
    assert _asked(basic) == [
        ("flashcard", "Hanawon", "Training centre"),
        ("typed", "Hanawon", "Training centre"),
    ]
    both = "#separator:tab\n#notetype column:1\nBasic (and reversed card)\tHanawon\tCentre\n"
    assert _asked(both) == [
        ("flashcard", "Hanawon", "Centre"),
        ("typed", "Hanawon", "Centre"),
        ("flashcard", "Centre", "Hanawon"),
        ("typed", "Centre", "Hanawon"),
    ]


def test_a_long_back_is_not_typed():
    back = "A state-run centre where every new arrival spends the first twelve weeks"
    text = f"#separator:tab\n#notetype column:1\nBasic\tHanawon\t{back}\n"
    assert _asked(text) == [("flashcard", "Hanawon", back)]


def test_cloze_notes_ask_each_cloze_number_with_its_hint():
    text = (
        "#separator:tab\n#notetype column:1\n"
        "Cloze\tThe day is {{c1::14 July::a date}}, first held in {{c2::2024}}.\tExtra\n"
    )
    assert _asked(text) == [
        ("cloze", "The day is {{blank}} (a date), first held in 2024.", "14 July"),
        ("cloze", "The day is 14 July, first held in {{blank}}.", "2024"),
    ]


def test_other_note_types_ask_first_field_to_second_with_a_note():
    text = "#separator:tab\n#notetype column:1\nVocab\tHanawon\tCentre\tspare\n"
    parsed = parse_upload(text.encode(), "deck.txt")
    assert [(q.kind, q.prompt) for q in parsed.questions] == [
        ("flashcard", "Hanawon"), ("typed", "Hanawon")
    ]  # fmt: skip
    assert ["not a standard one" in str(note) for note in parsed.notes] == [True]


def test_optional_reversed_notes_are_reversed_only_when_asked_for():
    text = (
        "#separator:tab\n#notetype column:1\n"
        "Basic (optional reversed card)\tHanawon\tCentre\ty\n"
        "Basic (optional reversed card)\tWoorion\tNon-profit\t\n"
    )
    parsed = parse_upload(text.encode(), "deck.txt")
    assert [len(fact.questions) for fact in parsed.facts] == [4, 2]


def test_nested_clozes_ask_each_number_as_anki_shows_it():
    # Probe: "Nested {{blank}} (inner) text}} here." with the answer "outer {{c2".
    text = "#separator:tab\n#html:true\nNested {{c1::outer {{c2::inner::hint}} text}} here.\t\n"
    parsed = parse_upload(text.encode(), "deck.txt")
    assert not parsed.errors and not parsed.notes, parsed.problems
    [fact] = parsed.facts
    assert fact.statement == "Nested outer inner text here."
    assert [(q.key, q.prompt, q.answer) for q in fact.questions] == [
        ("cloze", "Nested {{blank}} here.", "outer inner text"),
        ("cloze-2", "Nested outer {{blank}} (hint) text here.", "inner"),
    ]


def test_an_unclosed_cloze_is_not_asked_and_says_so():
    parsed = parse_upload(b"#separator:tab\nA {{c1::open and {{c2::closed}}.\t\n", "deck.txt")
    assert [str(p) for p in parsed.notes] == [
        "Line 2: cloze c1 is never closed with }}; it is not asked"
    ]
    assert [q.answer for q in parsed.questions] == ["closed"]
