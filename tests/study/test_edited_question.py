"""A teacher edits a question a learner has open: the learner is asked the question as it
is now, and an answer picked from the old options is not graded against the new answer."""

from __future__ import annotations

import re

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import IssuedItem, Question, Review
from quizapp.study.quizzes import start_or_resume_quiz
from quizapp.timeutil import now_utc
from tests.support.clients import logged_in_client
from tests.support.factories import make_bank, make_classroom, make_fact, make_question
from tests.support.teach_fixtures import edit_question, pending_id_from, upload

OPTION = re.compile(
    r'name="choice" value="(\d+)"[^>]*>\s*(?:<kbd>\d</kbd>)?\s*([^<]+?)\s*</button>'
)
FIELD = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')
CHANGED = "This question was changed by your teacher; here it is again."


def _typo_bank(teacher, student) -> Question:
    """Typo.csv's bank, assigned for study to the student's class: 'Seol' for 'Seoul'."""
    bank = make_bank(owner=teacher, slug="typo-fix")
    question = make_question(
        make_fact(bank, statement="Seoul is the capital."),
        kind="multiple_choice",
        prompt="Capital of South Korea?",
        answer="Seol",
        choices=["Busan", "Incheon"],
    )
    make_classroom(teacher, students=[student], banks=[bank])
    return question


def _options(page: str) -> dict[str, str]:
    return {text: number for number, text in OPTION.findall(page)}


def _pick(page: str, option: str) -> dict[str, str]:
    """The answer form's fields as the page sent them, with ``option`` picked."""
    fields = dict(FIELD.findall(page.split('class="answer-form"', 1)[1]))
    return {**fields, "choice": _options(page)[option]}


def _fix_the_typo(app, teacher, question: Question) -> None:
    teacher_tab = logged_in_client(app, teacher.email)
    saved = edit_question(
        teacher_tab, question, prompt=question.prompt, answer="Seoul", choices="Busan\nIncheon"
    )
    assert saved.status_code == 302


def test_a_study_card_open_when_its_answer_is_fixed_shows_the_new_options(
    app, student_client, student, teacher
):
    question = _typo_bank(teacher, student)
    page = student_client.get("/study/?bank=typo-fix").get_data(as_text=True)
    assert set(_options(page)) == {"Busan", "Seol", "Incheon"}
    _fix_the_typo(app, teacher, question)
    page = student_client.get("/study/?bank=typo-fix").get_data(as_text=True)
    assert set(_options(page)) == {"Busan", "Seoul", "Incheon"}
    answered = student_client.post("/study/answer?bank=typo-fix", data=_pick(page, "Seoul"))
    assert "Right" in answered.get_data(as_text=True)
    assert db.session.scalar(select(Review.correct)) is True


def test_a_pick_from_the_old_options_is_refused_and_the_new_question_served(
    app, student_client, student, teacher
):
    question = _typo_bank(teacher, student)
    old_page = student_client.get("/study/?bank=typo-fix").get_data(as_text=True)
    _fix_the_typo(app, teacher, question)
    answered = student_client.post(
        "/study/answer?bank=typo-fix", data=_pick(old_page, "Seol"), follow_redirects=True
    )
    page = answered.get_data(as_text=True)
    assert CHANGED in page
    assert set(_options(page)) == {"Busan", "Seoul", "Incheon"}
    assert db.session.scalar(select(Review)) is None


def test_a_quiz_question_open_when_its_answer_is_fixed_is_asked_again_as_it_is_now(
    app, student_client, student, teacher
):
    question = _typo_bank(teacher, student)
    attempt, _resumed = start_or_resume_quiz(student, question.fact.bank, None, 1, now_utc())
    old_page = student_client.get(f"/quiz/{attempt.id}").get_data(as_text=True)
    assert set(_options(old_page)) == {"Busan", "Seol", "Incheon"}
    _fix_the_typo(app, teacher, question)
    refused = student_client.post(
        f"/study/answer?quiz={attempt.id}", data=_pick(old_page, "Seol"), follow_redirects=True
    )
    page = refused.get_data(as_text=True)
    assert CHANGED in page and set(_options(page)) == {"Busan", "Seoul", "Incheon"}
    student_client.post(f"/study/answer?quiz={attempt.id}", data=_pick(page, "Seoul"))
    assert db.session.scalar(select(Review.correct)) is True


def test_an_edit_that_leaves_the_options_alone_keeps_the_open_card(
    app, student_client, student, teacher
):
    question = _typo_bank(teacher, student)
    page = student_client.get("/study/?bank=typo-fix").get_data(as_text=True)
    shown = db.session.scalar(select(IssuedItem.choice_order))
    teacher_tab = logged_in_client(app, teacher.email)
    edit_question(
        teacher_tab,
        question,
        prompt="The capital of South Korea?",
        answer="Seol",
        choices="Busan\nIncheon",
    )
    db.session.expire_all()
    assert db.session.scalar(select(IssuedItem.choice_order)) == shown
    answered = student_client.post("/study/answer?bank=typo-fix", data=_pick(page, "Seol"))
    assert answered.status_code == 200 and db.session.scalar(select(Review.correct)) is True


def test_an_answer_taken_back_after_the_edit_brings_the_question_back_as_it_is_now(
    app, student_client, student, teacher
):
    question = _typo_bank(teacher, student)
    page = student_client.get("/study/?bank=typo-fix").get_data(as_text=True)
    student_client.post("/study/answer?bank=typo-fix", data=_pick(page, "Seol"))
    _fix_the_typo(app, teacher, question)
    token = db.session.scalar(select(IssuedItem.token))
    student_client.post("/study/undo?bank=typo-fix", data={"token": token})
    page = student_client.get("/study/?bank=typo-fix").get_data(as_text=True)
    assert set(_options(page)) == {"Busan", "Seoul", "Incheon"}


TYPO_CSV = (
    "fact_key,question_key,kind,prompt,answer,distractors\n"
    "capital,mc,multiple_choice,Capital of South Korea?,{answer},Busan|Incheon\n"
)


def _upload_typo_csv(client, answer: str) -> None:
    """Typo.csv through the upload pages (preview, then Import), its answer ``answer``."""
    data = TYPO_CSV.format(answer=answer).encode()
    preview = upload(client, "typo.csv", data).get_data(as_text=True)
    imported = client.post(f"/teach/uploads/{pending_id_from(preview)}/import")
    assert imported.status_code == 302, imported.get_data(as_text=True)


def test_a_card_open_when_its_file_is_uploaded_again_with_the_answer_fixed_is_asked_again(
    app, student_client, student, teacher
):
    """Uploading the fixed file again changes the question as the editor does: a pick
    from the options the learner saw is not graded against an answer they never saw."""
    teacher_tab = logged_in_client(app, teacher.email)
    _upload_typo_csv(teacher_tab, "Seol")
    bank = db.session.scalar(select(Question)).fact.bank
    make_classroom(teacher, students=[student], banks=[bank])
    old_page = student_client.get(f"/study/?bank={bank.slug}").get_data(as_text=True)
    assert set(_options(old_page)) == {"Busan", "Seol", "Incheon"}
    _upload_typo_csv(teacher_tab, "Seoul")
    refused = student_client.post(
        f"/study/answer?bank={bank.slug}", data=_pick(old_page, "Seol"), follow_redirects=True
    )
    page = refused.get_data(as_text=True)
    assert CHANGED in page and set(_options(page)) == {"Busan", "Seoul", "Incheon"}
    assert db.session.scalar(select(Review)) is None


def test_uploading_the_same_file_again_keeps_the_open_card(app, student_client, student, teacher):
    teacher_tab = logged_in_client(app, teacher.email)
    _upload_typo_csv(teacher_tab, "Seoul")
    bank = db.session.scalar(select(Question)).fact.bank
    make_classroom(teacher, students=[student], banks=[bank])
    page = student_client.get(f"/study/?bank={bank.slug}").get_data(as_text=True)
    _upload_typo_csv(teacher_tab, "Seoul")
    answered = student_client.post(f"/study/answer?bank={bank.slug}", data=_pick(page, "Seoul"))
    assert answered.status_code == 200 and db.session.scalar(select(Review.correct)) is True
