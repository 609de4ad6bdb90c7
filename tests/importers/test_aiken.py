"""Moodle Aiken uploads."""

from __future__ import annotations

from quizapp.importers import parse_upload
from tests.support.teach_fixtures import parse_fixture, parsed_without_errors


def test_a_realistic_aiken_file_gives_multiple_choice_with_the_lettered_answer():
    parsed = parse_fixture("aiken.txt")
    assert parsed.format == "aiken" and not parsed.problems
    first, second, third = parsed.questions
    assert first.answer == "Seoul" and first.choices == ["Busan", "Incheon", "Pyongyang"]
    assert second.answer == "34,000" and "3.4 million" in second.choices
    assert third.kind == "multiple_choice" and third.answer == "Tax benefits"


def test_an_answer_letter_that_is_not_an_option_names_its_line():
    parsed = parse_fixture("aiken_bad.txt")
    assert [str(p) for p in parsed.errors] == ["Line 9: ANSWER: E is not one of the options"]


def test_a_question_without_answer_line_is_an_error():
    parsed = parse_upload(b"Where?\nA) Here\nB) There\n", "q.txt", "aiken")
    assert str(parsed.errors[0]) == "Line 1: this question has no 'ANSWER: X' line"


def test_lowercase_option_letters_are_read_with_a_note():
    # Finding 5: "a)" options gave "a question must fit on one line".
    text = "Where was the first day held?\na) Busan\nb) Seoul\nANSWER: b\n"
    parsed = parsed_without_errors(text.encode(), "quiz.txt")
    [question] = parsed.questions
    assert (question.answer, question.choices) == ("Seoul", ["Busan"])
    assert [str(note) for note in parsed.notes] == [
        "Line 2: option letter a) read as A)", "Line 3: option letter b) read as B)"
    ]  # fmt: skip


def test_a_question_missing_its_answer_does_not_take_the_next_one_down_with_it():
    text = "Q1 missing answer?\nA. x\nB. y\n\nQ2?\nA. x\nB. y\nANSWER: A\n"
    parsed = parse_upload(text.encode(), "q.txt", "aiken")
    assert [str(p) for p in parsed.errors] == ["Line 1: this question has no 'ANSWER: X' line"]
    assert [fact.questions[0].prompt for fact in parsed.facts] == ["Q2?"]


def test_an_option_letter_given_twice_is_an_error_on_its_line():
    # Probe: a second "B)" replaced the first without a word: Busan was gone from the
    # options and ANSWER: B meant Daegu, where Moodle counts options by their place.
    text = "Capital of Korea?\nA) Seoul\nB) Busan\nB) Daegu\nANSWER: A\n"
    parsed = parse_upload(text.encode(), "aiken.txt", "aiken")
    assert [str(error) for error in parsed.errors] == ["Line 4: option B) is given twice"]


def test_an_answer_letter_written_with_its_bracket_or_stop_is_read():
    # Probe: "ANSWER: A)" and "ANSWER: B." (Moodle reads both) made the file a Quizlet
    # export, "no comma between term and definition" on every line.
    text = "Capital?\nA) Seoul\nB) Busan\nANSWER: A)\n\nBig?\nA. yes\nB. no\nANSWER: (B)\n"
    parsed = parse_upload(text.encode(), "aiken.txt")
    assert parsed.format == "aiken" and not parsed.problems, parsed.problems
    assert [q.answer for q in parsed.questions] == ["Seoul", "no"]


def test_an_answer_line_without_one_letter_is_an_error_on_its_line():
    # Probe: "ANSWER: Seoul" was "this question has no 'ANSWER: X' line" at the question.
    text = "Capital?\nA) Seoul\nB) Busan\nANSWER: Seoul\n\nBig?\nA) yes\nB) no\nANSWER: B\n"
    parsed = parse_upload(text.encode(), "aiken.txt", "aiken")
    assert [str(error) for error in parsed.errors] == [
        "Line 4: an ANSWER line names the right option by its letter alone, as “ANSWER: B”"
    ]
    assert [q.answer for q in parsed.questions] == ["no"]


def test_an_empty_option_is_left_out_with_a_note():
    # Probe: an option line with only its letter ("C)") was offered as a blank button.
    text = "Capital?\nA) Seoul\nB) Busan\nC)\nANSWER: A\n"
    parsed = parsed_without_errors(text.encode(), "aiken.txt")
    assert parsed.questions[0].choices == ["Busan"]
    assert [str(note) for note in parsed.notes] == ["Line 1: an empty wrong option is left out"]
