"""A teacher can mark a question strict (a spelling test), in every place questions are
written: bank.toml, CSV and JSON uploads and exports, and the question editor. And the
learner sees why an answer was accepted."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from quizapp.exporters.csv_export import export_csv
from quizapp.exporters.json_export import export_json
from quizapp.extensions import db
from quizapp.grading import Outcome, grade, judge_answer
from quizapp.importers import parse_upload
from quizapp.importers.save import save_question_set
from quizapp.loader.validate import read_bank_file
from quizapp.models import Bank, Question
from tests.support.content_fixtures import example_bank_text, write_bank
from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.study_fixtures import make_study_bank
from tests.support.teach_fixtures import edit_question

TOKEN = re.compile(r'name="token" value="([^"]+)"')
CSV = (
    "kind,prompt,answer,fact_key,strict\n"
    "typed,Spell the capital of the North,Pyongyang,capital,true\n"
    'typed,How many defectors?,"34,000",count,\n'
)


def test_a_strict_question_gets_no_generous_reading():
    lenient = Question(kind="typed", prompt="Capital?", answer="Pyongyang")
    strict = Question(kind="typed", prompt="Capital?", answer="Pyongyang", strict=True)
    assert grade(lenient, "Pyongyan") is Outcome.ALMOST
    assert grade(strict, "Pyongyan") is Outcome.WRONG
    assert grade(strict, "PYONGYANG!") is Outcome.CORRECT
    assert judge_answer(lenient, "the Pyongyang").reason == "accepted: we ignore 'the'"


def test_csv_upload_reads_strict_and_the_export_writes_it_back(app):
    parsed = parse_upload(CSV.encode(), "spelling.csv")
    assert not parsed.errors
    assert [q.strict for q in parsed.questions] == [True, False]
    teacher = make_user(role="teacher")
    save_question_set(parsed, teacher, "Spelling")
    bank = db.session.scalar(select(Bank))
    exported = export_csv(bank).decode()
    rows = exported.split("\r\n")
    assert rows[0].endswith(",strict,tags")  # tags came later, as the last column
    assert rows[1].endswith(",true,") and rows[2].endswith(",,")
    again = parse_upload(exported.encode(), "again.csv")
    assert [q.strict for q in again.questions] == [True, False]


def test_a_strict_cell_that_is_not_true_or_false_is_refused_with_its_line(app):
    parsed = parse_upload(CSV.replace(",true\n", ",maybe\n").encode(), "spelling.csv")
    assert [str(error) for error in parsed.errors] == [
        "Line 2: strict must be true or false, not 'maybe'"
    ]


def test_json_export_and_import_keep_strict(app):
    teacher = make_user(role="teacher")
    bank = make_bank(owner=teacher)
    make_question(make_fact(bank), kind="typed", answer="Pyongyang", strict=True)
    document = json.loads(export_json(bank))
    assert document["facts"][0]["questions"][0]["strict"] is True
    parsed = parse_upload(export_json(bank), "bank.json")
    assert [q.strict for q in parsed.questions] == [True]
    document["facts"][0]["questions"][0]["strict"] = "yes"
    refused = parse_upload(json.dumps(document).encode(), "bank.json")
    assert any("strict must be true or false" in str(error) for error in refused.errors)


def test_bank_toml_strict_marks_the_cloze_and_typed_questions(tmp_path):
    text = example_bank_text().replace(
        'key = "first-steps"', 'key = "first-steps"\nstrict = true', 1
    )
    bank, problems = read_bank_file(write_bank(tmp_path, text))
    assert not problems
    assert [fact.strict for fact in bank.facts] == [False, True]
    bad, problems = read_bank_file(
        write_bank(tmp_path, text.replace("strict = true", 'strict = "yes"'))
    )
    assert bad is None and any("'strict' must be true or false" in p.message for p in problems)


def test_the_question_editor_sets_strict(teacher_client, teacher):
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank), kind="typed", answer="Pyongyang")
    form = teacher_client.get(f"/teach/banks/{bank.slug}/questions/{question.id}/edit")
    assert "Exact spelling" in form.get_data(as_text=True)
    edit_question(teacher_client, question, prompt="Spell it", answer="Pyongyang", strict="y")
    db.session.refresh(question)
    assert question.strict
    page = teacher_client.get(f"/teach/banks/{bank.slug}").get_data(as_text=True)
    assert "exact spelling only" in page


def test_the_feedback_page_gives_no_reason_that_only_says_wrong_again(app, student_client):
    """Under "✗ Wrong" the card said "wrong: that is not the answer": the verdict twice."""
    make_study_bank(facts=1, kinds=("typed",))
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    response = student_client.post("/study/answer", data={"token": token, "response": "Busan"})
    page = response.get_data(as_text=True)
    assert "Wrong" in page
    assert "that is not the answer" not in page and "verdict-reason" not in page


def test_the_feedback_page_says_why_an_answer_was_accepted(app, student_client):
    make_study_bank(facts=1, kinds=("typed",))
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    response = student_client.post(
        "/study/answer", data={"token": token, "response": "approximately 34,000"}
    )
    page = response.get_data(as_text=True)  # the feedback comes back on the same card
    assert "Right" in page
    # Said as a person would, not as the grader's log line ("accepted: we ignore ...").
    assert "We ignore &#39;approximately&#39;." in page
    assert "accepted:" not in page


def test_the_feedback_page_says_why_an_answer_is_wrong_without_a_machine_prefix(
    app, student_client
):
    """The card read "wrong: numbers must be exact" under "✗ Wrong": a log line that
    scolds. It says why in a sentence, as Quizlet or Anki would."""
    make_study_bank(facts=1, kinds=("typed",))
    token = TOKEN.search(student_client.get("/study/").get_data(as_text=True)).group(1)
    response = student_client.post("/study/answer", data={"token": token, "response": "34,001"})
    page = response.get_data(as_text=True)
    assert "Wrong" in page
    assert '<p class="verdict-reason">Numbers must be exact.</p>' in page
    assert "wrong:" not in page
