"""CSV/TSV uploads in our documented bank format."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.importers import UploadError, parse_upload
from quizapp.importers.save import ImportRefused, save_question_set
from quizapp.models import Bank
from tests.support.factories import make_user
from tests.support.teach_fixtures import by_prompt, parse_fixture


def test_a_realistic_csv_gives_every_kind_with_answers_distractors_and_topics():
    parsed = parse_fixture("defectors_day.csv")
    assert parsed.format == "csv" and not parsed.errors
    assert [f.key for f in parsed.facts] == [
        "day-date", "defector-count", "venue", "woorion", "korean-date", "funds"
    ]  # fmt: skip
    questions = by_prompt(parsed)
    mc = questions["On which date is North Korean Defectors' Day held each year?"]
    assert (mc.kind, mc.answer, mc.choices) == (
        "multiple_choice", "14 July", ["1 March", "15 August", "3 October"]
    )  # fmt: skip
    cloze = next(q for q in parsed.questions if q.kind == "cloze")
    assert cloze.answer == "34,000" and cloze.accepted_variants == ["34000", "about 34000"]
    assert {q.kind for q in parsed.questions} == {
        "multiple_choice", "typed", "cloze", "true_false", "flashcard"
    }  # fmt: skip
    assert parsed.facts[0].topic == "The day itself" and len(parsed.facts[0].questions) == 2


def test_korean_text_and_a_leading_equals_sign_survive_intact():
    questions = by_prompt(parse_fixture("defectors_day.csv"))
    assert questions["탈북민의 날은 언제입니까?"].answer == "7월 14일"
    assert any(prompt.startswith("=SUM(A1:A3)") for prompt in questions)


def test_tab_separated_files_with_crlf_and_a_bom_read_the_same():
    text = "kind\tprompt\tanswer\ttopic\r\ntyped\tCity of the first celebration?\tSeoul\tVenue\r\n"
    parsed = parse_upload(b"\xef\xbb\xbf" + text.encode(), "set.tsv")
    assert not parsed.errors
    assert parsed.questions[0].answer == "Seoul" and parsed.facts[0].topic == "Venue"


def test_a_bad_row_names_its_line_and_nothing_is_saved(app):
    teacher = make_user(role="teacher")
    parsed = parse_fixture("defectors_day_bad.csv")
    assert [str(p) for p in parsed.errors] == [
        "Line 3: a multiple-choice question needs at least one wrong option",
        "Line 4: unknown kind 'essay' (use one of flashcard, multiple_choice, true_false, "
        "cloze, typed)",
    ]
    with pytest.raises(ImportRefused):
        save_question_set(parsed, teacher, "bad")
    assert db.session.scalar(select(func.count(Bank.id))) == 0


def test_a_header_without_prompt_and_answer_is_refused_on_line_one():
    parsed = parse_upload(b"question,solution\nA,B\n", "x.csv", "csv")
    assert str(parsed.errors[0]).startswith("Line 1: the header needs")


def test_a_header_naming_a_column_twice_is_refused_on_line_one():
    # Probe: "prompt,answer,answer" used the last answer column, without a word.
    parsed = parse_upload(b"prompt,answer,Answer\nQ?,first,second\n", "x.csv", "csv")
    assert [str(error) for error in parsed.errors] == [
        "Line 1: the header names the column answer more than once"
    ]
    parsed = parse_upload(b"prompt,answer,Answer,Prompt\nQ?,a,b,c\n", "x.csv", "csv")
    assert [str(error) for error in parsed.errors] == [
        "Line 1: the header names the columns answer, prompt more than once"
    ]


def test_a_row_the_csv_reader_cannot_read_names_its_line():
    text = "kind,prompt,answer\ntyped,Short?,yes\ntyped," + "x" * 200_000 + ",y\n"
    parsed = parse_upload(text.encode(), "big.csv")
    assert str(parsed.errors[0]) == (
        "Line 3: cannot read this row: a cell is longer than 131,072 characters"
    )


def test_a_quote_never_closed_is_an_error_on_its_line_not_one_swallowing_cell():
    # Probe: the preview showed one question whose answer held every later row.
    parsed = parse_upload(b'prompt,answer\nQ1?,"A1\nQ2?,A2\nQ3?,A3\n', "q.csv", "csv")
    assert [str(error) for error in parsed.errors] == [
        'Line 2: a cell here opens with a quote (") that is never closed, so every line '
        "after it would be read into that one cell; close the quote or remove it"
    ]


def test_an_anki_text_file_with_a_quote_never_closed_names_its_line():
    text = '#separator:tab\n#html:false\nFront\tBack\n"Open\tBack two\nThird\tBack\n'
    parsed = parse_upload(text.encode(), "notes.txt", "anki")
    assert str(parsed.errors[0]).startswith('Line 4: a cell here opens with a quote (")')


@pytest.mark.parametrize("name", ["excel.csv", "excel.txt"])
def test_excels_semicolon_separated_csv_is_read_as_csv(name):
    # Probe: Excel's "CSV" in much of Europe separates with semicolons; it was taken for
    # Quizlet, with "no comma between term and definition" on every line.
    text = (
        "\ufeffkind;prompt;answer;explanation\r\n"
        'typed;Capital of South Korea?;Seoul;"It is; clearly"\r\n'
    )
    parsed = parse_upload(text.encode(), name)
    assert parsed.format == "csv" and not parsed.errors, parsed.errors
    [question] = parsed.questions
    assert (question.prompt, question.answer, question.explanation) == (
        "Capital of South Korea?", "Seoul", "It is; clearly"
    )  # fmt: skip


def test_a_quoted_cell_over_several_lines_keeps_the_next_rows_line_numbers():
    text = 'kind,prompt,answer\ntyped,"Two\nlines?",yes\nessay,Bad?,no\n'
    parsed = parse_upload(text.encode(), "q.csv")
    assert parsed.facts[0].questions[0].prompt == "Two\nlines?"
    assert str(parsed.errors[0]).startswith("Line 4: unknown kind 'essay'")


@pytest.mark.parametrize("chosen", ["anki", "quizlet", "aiken", "gift", "json"])
def test_our_csv_chosen_as_another_format_is_named_not_read_as_garbage(chosen):
    """Our own CSV export chosen as "Anki notes in plain text" became 139 nonsense facts
    (the header row a question "kind" -> "prompt")."""
    text = "key,kind,prompt,answer\nk1,typed,Capital of South Korea?,Seoul\n"
    with pytest.raises(UploadError, match="This is CSV with a header"):
        parse_upload(text.encode(), "bank.csv", chosen)


def test_a_json_bank_chosen_as_csv_is_named():
    with pytest.raises(UploadError, match="This is Quizapp JSON: choose Quizapp JSON"):
        parse_upload(b'{"version": 1, "facts": []}', "bank.json", "csv")


def test_a_quizlet_card_starting_with_a_brace_may_still_be_read_as_quizlet():
    parsed = parse_upload(b"{a, b}\ta set of two\n{}\tthe empty set\n", "set.txt", "quizlet")
    assert len(parsed.facts) == 2


def test_spaces_and_tabs_around_cells_are_not_part_of_the_question():
    text = "prompt,answer\n B?,\tb \n"
    (fact,) = parse_upload(text.encode(), "bank.csv", "csv").facts
    assert (fact.questions[0].prompt, fact.questions[0].answer) == ("B?", "b")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_file_with_its_mark_is_read_as_excel_writes_it(encoding):
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark, tab-separated."""
    text = "prompt\tanswer\r\n평양은?\tPyongyang\r\n"
    mark = "\ufeff".encode(encoding)
    (fact,) = parse_upload(mark + text.encode(encoding), "bank.txt", "csv").facts
    assert (fact.questions[0].prompt, fact.questions[0].answer) == ("평양은?", "Pyongyang")


def test_a_utf16_file_previews_on_the_upload_page(teacher_client):
    from tests.support.teach_fixtures import upload

    data = "\ufeffprompt\tanswer\r\n평양은?\tPyongyang\r\n".encode("utf-16-le")
    page = upload(teacher_client, "bank.txt", data, format="csv").get_data(as_text=True)
    assert "평양은?" in page and "not UTF-8" not in page


def test_kinds_written_as_moodle_and_spreadsheets_name_them_are_read():
    # Probe: a kind column saying "True/False" or "Short answer", as Moodle names them,
    # was "unknown kind 'true/false'".
    text = (
        "kind,prompt,answer,distractors\n"
        "True/False,Seoul is in Korea.,TRUE,\n"
        "T / F,Busan is the capital.,FALSE,\n"
        "Short answer,Capital of Korea?,Seoul,\n"
        "Multiple Choice,Capital of Japan?,Tokyo,Osaka|Kyoto\n"
    )
    parsed = parse_upload(text.encode(), "kinds.csv")
    assert not parsed.errors, parsed.errors
    assert [(q.kind, q.answer) for q in parsed.questions] == [
        ("true_false", "true"), ("true_false", "false"), ("typed", "Seoul"),
        ("multiple_choice", "Tokyo"),
    ]  # fmt: skip


def test_lines_below_a_title_row_keep_their_own_line_numbers():
    text = 'Week 3\nkind,prompt,answer\nbogus,Q?,A\ntyped,"never closed,A\n'
    parsed = parse_upload(text.encode(), "week3.csv")
    assert parsed.format == "csv"
    assert [str(problem) for problem in parsed.errors] == [
        "Line 3: unknown kind 'bogus' (use one of flashcard, multiple_choice, true_false, "
        "cloze, typed)",
        'Line 4: a cell here opens with a quote (") that is never closed, so every line '
        "after it would be read into that one cell; close the quote or remove it",
        "Line 4: the answer is empty",
    ]
