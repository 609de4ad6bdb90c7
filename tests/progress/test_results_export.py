"""CSV exports of results: columns, quoting, formula neutralisation, BOM, access, CLI."""

from __future__ import annotations

import csv
import io
import os
import stat

import pytest
from sqlalchemy import create_engine, insert
from sqlalchemy.pool import NullPool

from quizapp.extensions import db
from quizapp.models import Review
from quizapp.progress.period import DateRange
from quizapp.progress.results_csv import cell, class_rows, columns
from quizapp.richtext import store_html
from tests.support import factories
from tests.support.clients import logged_in_client
from tests.support.progress_fixtures import at

ANSWERS_HEADER = (
    "class,student,email,bank,fact_key,question_key,question,kind,mode,attempt_id,response,"
    "correct,rating,duration_ms,answered_at"
)
ATTEMPTS_HEADER = (
    "class,student,email,bank,assignment_id,started_at,finished_at,score,max_score,percent"
)
STUDENTS_HEADER = (
    "class,student,email,facts_learned,facts_mature,right_last_30_days,predicted_recall_today,"
    "reviews_last_7_days,last_active,average_quiz_percent"
)


@pytest.fixture
def results(app, teacher):
    """A class with a Korean-named student whose answers contain awkward text."""
    kim = factories.make_user(name="김철수", email="kim@example.org")
    outsider = factories.make_user(name="Outsider")
    bank = factories.make_bank(title="Resettlement, part 1")
    question = factories.make_question(
        factories.make_fact(bank, key="hanawon"),
        key="q-typed",
        prompt="How long do new arrivals stay at Hanawon?",
    )
    classroom = factories.make_classroom(teacher, "Year 9", students=[kim], banks=[bank])
    factories.make_review(
        kim,
        question,
        response='He said, "three months"\nthen left',
        duration_ms=1200,
        reviewed_at=at(16, 9, 30),
    )
    factories.make_review(
        kim, question, response='=HYPERLINK("http://x")', correct=False, reviewed_at=at(17)
    )
    factories.make_review(outsider, question, response="not in the class", reviewed_at=at(17))
    factories.make_attempt(kim, bank, {question: True}, started_at=at(17, 8))
    return {"class": classroom, "kim": kim, "question": question, "bank": bank}


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    return response


def parse(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_answers_export_has_the_documented_columns_and_one_row_per_answer(results, teacher_client):
    response = download(teacher_client, f"/progress/class/{results['class'].id}/export/answers.csv")
    rows = parse(response.data)
    assert ",".join(rows[0]) == ANSWERS_HEADER
    assert len(rows) == 1 + 3  # two study answers and one quiz answer; never the outsider's
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["class"] == "Year 9"
    assert first["student"] == "김철수"
    assert first["bank"] == "Resettlement, part 1"
    assert first["fact_key"] == "hanawon"
    assert first["question_key"] == "q-typed"
    # The keys are the file's (or made by the app): the question's own words say which it was.
    assert first["question"] == "How long do new arrivals stay at Hanawon?"
    assert first["response"] == 'He said, "three months"\nthen left'
    assert first["correct"] == "true"
    assert first["duration_ms"] == "1200"
    assert first["answered_at"] == "2024-07-16T09:30:00Z"
    assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("kind", "prompt", "shown"),
    [
        # An Anki upload keeps its formatting: the file is for a spreadsheet, not a page.
        (
            "typed",
            store_html("<b>Hanawon</b> lasts <i>how</i> long? &amp; why"),
            "Hanawon lasts how long? & why",
        ),
        ("cloze", "Park founded {{blank}} to help", "Park founded _____ to help"),
        ("true_false", "Hanawon lasts three months.", "True or false: Hanawon lasts three months."),
    ],
)
def test_the_question_column_holds_the_words_students_read_not_markup(
    results, app, teacher_client, kind, prompt, shown
):
    """Not "<!--rich--><b>…", not the stored {{blank}} marker a teacher never typed."""
    kim, fact = results["kim"], results["question"].fact
    question = factories.make_question(fact, kind=kind, prompt=prompt)
    factories.make_review(kim, question, response="x", reviewed_at=at(18))
    url = f"/progress/class/{results['class'].id}/export/answers.csv"
    assert last_question(teacher_client, url) == shown
    own = logged_in_client(app, kim.email)
    assert last_question(own, "/progress/my-data/answers.csv") == shown


def last_question(client, url: str) -> str:
    rows = csv.DictReader(io.StringIO(download(client, url).data.decode("utf-8")))
    return list(rows)[-1]["question"]


def test_a_class_named_in_korean_downloads_under_its_korean_name(results, teacher_client):
    classroom = results["class"]
    classroom.name = "3학년 1반"
    db.session.commit()
    response = download(teacher_client, f"/progress/class/{classroom.id}/export/answers.csv")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="3-1-answers.csv"; '
        "filename*=UTF-8''3%ED%95%99%EB%85%84-1%EB%B0%98-answers.csv"
    )


def test_free_text_is_quoted_so_commas_quotes_and_newlines_survive(results, teacher_client):
    body = download(
        teacher_client, f"/progress/class/{results['class'].id}/export/answers.csv"
    ).data.decode("utf-8")
    assert '"He said, ""three months""\nthen left"' in body
    assert body.endswith("\r\n")


def test_formula_like_text_is_neutralised(results, teacher_client):
    rows = parse(
        download(teacher_client, f"/progress/class/{results['class'].id}/export/answers.csv").data
    )
    responses = [row[rows[0].index("response")] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in responses
    assert '=HYPERLINK("http://x")' not in responses


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx"])
def test_each_dangerous_first_character_gets_a_leading_apostrophe(text):
    assert cell(text) == "'" + text


def test_numbers_and_plain_text_are_left_alone():
    assert cell(-5) == -5
    assert cell(2.5) == 2.5
    assert cell("a-b=c") == "a-b=c"
    assert cell(None) == ""
    assert cell(False) == "false"


def test_the_excel_option_adds_a_byte_order_mark(results, teacher_client):
    url = f"/progress/class/{results['class'].id}/export/students.csv"
    plain = download(teacher_client, url).data
    excel = download(teacher_client, url + "?excel=1").data
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain


def test_attempts_and_students_exports_have_their_columns(results, teacher_client):
    base = f"/progress/class/{results['class'].id}/export"
    attempts = parse(download(teacher_client, f"{base}/attempts.csv").data)
    assert ",".join(attempts[0]) == ATTEMPTS_HEADER
    assert attempts[1][-3:] == ["1.0", "1.0", "100.0"]
    assert attempts[1][5] == "2024-07-17T08:00:00Z"
    students = parse(download(teacher_client, f"{base}/students.csv").data)
    assert ",".join(students[0]) == STUDENTS_HEADER
    assert students[1][:3] == ["Year 9", "김철수", "kim@example.org"]
    assert students[1][-1] == "100.0"


def test_a_quiz_still_going_has_no_score_in_the_attempts_exports(results, teacher_client, app):
    # Probe: a student who stopped a retake after two right answers of 8 showed "2.0" of
    # "8.0" in the teacher's file, where the class pages and the student's own say "not
    # finished": a running total read as their mark.
    kim, bank, question = results["kim"], results["bank"], results["question"]
    factories.make_attempt(
        kim, bank, {question: True}, started_at=at(17, 9), finished_at=None, max_score=8.0
    )
    class_file = parse(
        download(teacher_client, f"/progress/class/{results['class'].id}/export/attempts.csv").data
    )
    own_file = parse(
        download(logged_in_client(app, kim.email), "/progress/my-data/attempts.csv").data
    )

    for rows in (class_file, own_file):
        going = dict(zip(rows[0], rows[-1], strict=True))
        assert going["started_at"] == "2024-07-17T09:00:00Z"
        assert (going["finished_at"], going["score"], going["percent"]) == ("", "", "")
        assert going["max_score"] == "8.0"  # the quiz's length is known from the start
        finished = dict(zip(rows[0], rows[-2], strict=True))
        assert (finished["score"], finished["percent"]) == ("1.0", "100.0")


def test_a_date_range_limits_the_export(results, teacher_client):
    url = f"/progress/class/{results['class'].id}/export/answers.csv?from=2024-07-17&to=2024-07-17"
    rows = parse(download(teacher_client, url).data)
    assert [row[rows[0].index("answered_at")][:10] for row in rows[1:]] == ["2024-07-17"] * 2


def test_a_teacher_cannot_export_another_teachers_class(results, client, auth):
    auth.login(factories.make_user(role="teacher").email)
    for kind in ("answers", "attempts", "students"):
        url = f"/progress/class/{results['class'].id}/export/{kind}.csv"
        assert client.get(url).status_code == 404


def test_a_student_cannot_export_a_class(results, client, auth):
    auth.login(results["kim"].email)
    url = f"/progress/class/{results['class'].id}/export/answers.csv"
    assert client.get(url).status_code == 403


def test_an_unknown_kind_is_not_found(results, teacher_client):
    assert (
        teacher_client.get(f"/progress/class/{results['class'].id}/export/x.csv").status_code == 404
    )


def test_a_learner_downloads_only_their_own_data(results, client, auth):
    auth.login(results["kim"].email)
    answers = parse(download(client, "/progress/my-data/answers.csv").data)
    assert answers[0] == list(columns("answers", for_class=False))
    assert len(answers) == 1 + 3
    assert {row[0] for row in answers[1:]} == {"김철수"}
    attempts = parse(download(client, "/progress/my-data/attempts.csv?excel=1").data)
    assert attempts[0] == list(columns("attempts", for_class=False))
    assert len(attempts) == 2
    assert client.get("/progress/my-data/students.csv").status_code == 404


def test_the_command_writes_a_class_export(results, app, tmp_path):
    target = tmp_path / "answers.csv"
    code = results["class"].join_code
    outcome = app.test_cli_runner().invoke(
        args=["results", "export", "--class", code, "--kind", "answers", "-o", str(target)]
    )
    assert outcome.exit_code == 0, outcome.output
    rows = parse(target.read_bytes())
    assert ",".join(rows[0]) == ANSWERS_HEADER
    assert len(rows) == 4
    assert "Wrote 3 rows of answers for" in outcome.output


EXPORT = ("results", "export", "--class")


@pytest.mark.parametrize("existing", [False, True])
def test_the_commands_file_of_students_answers_is_readable_by_its_owner_only(
    results, app, tmp_path, existing
):
    """Names, emails and every answer: not for the machine's other accounts, whatever the
    umask, and not kept readable by overwriting a file that was."""
    target = tmp_path / "answers.csv"
    if existing:
        target.write_text("old")
        target.chmod(0o644)
    previous = os.umask(0o022)
    try:
        outcome = app.test_cli_runner().invoke(
            args=[*EXPORT, results["class"].join_code, "--kind", "answers", "-o", str(target)]
        )
    finally:
        os.umask(previous)
    assert outcome.exit_code == 0, outcome.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("typed", [str.lower, lambda code: f" {code[:4]}-{code[4:]} "])
def test_the_command_takes_the_join_code_as_people_type_it(results, app, tmp_path, typed):
    """As the join form does: any case, spaces and dashes."""
    target = tmp_path / "answers.csv"
    code = typed(results["class"].join_code)
    outcome = app.test_cli_runner().invoke(
        args=["results", "export", "--class", code, "--kind", "answers", "-o", str(target)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert "Wrote 3 rows of answers for" in outcome.output


def test_the_command_takes_a_range_and_the_excel_option(results, app, tmp_path):
    target = tmp_path / "attempts.csv"
    args = ["results", "export", "--class", results["class"].join_code, "--kind", "attempts"]
    outcome = app.test_cli_runner().invoke(
        args=[*args, "-o", str(target), "--from", "2024-07-18", "--excel"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(parse(target.read_bytes())) == 1


def test_the_command_explains_bad_input(results, app, tmp_path):
    runner = app.test_cli_runner()
    target = str(tmp_path / "x.csv")
    unknown = runner.invoke(
        args=["results", "export", "--class", "NOPE", "--kind", "answers", "-o", target]
    )
    assert unknown.exit_code != 0
    assert "No class has the join code" in unknown.output
    backwards = runner.invoke(
        args=[
            "results", "export", "--class", results["class"].join_code, "--kind", "answers",
            "-o", target, "--from", "2024-07-10", "--to", "2024-07-01",
        ]
    )  # fmt: skip
    assert backwards.exit_code != 0
    assert "must not be after" in backwards.output


def test_a_long_export_does_not_block_answers_on_sqlite(results, is_postgres):
    """SQLite has one write lock; an export streaming for minutes must not hold it."""
    if is_postgres:
        pytest.skip("about SQLite's single write lock")
    kim, question = results["kim"], results["question"]
    review = {
        "user_id": kim.id,
        "question_id": question.id,
        "fact_id": question.fact_id,
        "rating": 3,
        "correct": True,
        "reviewed_at": at(17),
    }
    db.session.execute(insert(Review), [review] * 2500)
    db.session.commit()
    rows = class_rows(results["class"], "answers", DateRange(), "UTC", at(18))
    next(rows)  # the export is now streaming, between batches
    other = create_engine(db.engine.url, connect_args={"timeout": 0.2}, poolclass=NullPool)
    with other.begin() as connection:  # a student answering meanwhile
        connection.execute(insert(Review), [review])
    other.dispose()
    assert len(list(rows)) == 2500 + 3 - 1


def test_an_export_cut_short_leaves_the_last_whole_file_and_no_half_written_one(
    results, app, tmp_path, monkeypatch
):
    """Ctrl-C half way through a long export left a CSV ending on a whole row, which read
    as the complete export. The file now appears only once every row is written; cut
    short, the export before it (a second run's target) is still there, whole."""
    import quizapp.progress.cli

    target = tmp_path / "answers.csv"
    target.write_bytes(b"last week's whole export\n")
    real_csv = quizapp.progress.cli.class_csv

    def interrupted_after_the_first_chunk(*args, **kwargs):
        stream = real_csv(*args, **kwargs)
        chunks = iter(stream)

        class CutShort:
            rows_written = 0

            def __iter__(self):
                yield next(chunks)
                raise KeyboardInterrupt

        return CutShort()

    monkeypatch.setattr(quizapp.progress.cli, "class_csv", interrupted_after_the_first_chunk)
    args = ["results", "export", "--class", results["class"].join_code, "--kind", "answers"]
    outcome = app.test_cli_runner().invoke(args=[*args, "-o", str(target)])
    assert outcome.exit_code != 0
    assert target.read_bytes() == b"last week's whole export\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["answers.csv"]


def test_an_export_into_a_missing_folder_is_refused_before_any_work(results, app, tmp_path):
    target = tmp_path / "no-such-folder" / "answers.csv"
    args = ["results", "export", "--class", results["class"].join_code, "--kind", "answers"]
    outcome = app.test_cli_runner().invoke(args=[*args, "-o", str(target)])
    assert outcome.exit_code == 1
    assert f"The folder {target.parent} does not exist" in outcome.output
    assert "Exporting" not in outcome.output
