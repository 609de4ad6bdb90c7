"""A class's figures count what each student did as a member: from the moment they joined.

Ann practised the class's bank on her own (study answers, a quiz she got all wrong),
then joined the class on the 10th and did well. Her private practice stays on her own
pages; the roster, the facts forgotten, the item analysis and the exports start at her
join. A student taken off the class and let back in counts from the new join.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Enrollment
from quizapp.progress.classroom import most_forgotten_facts, roster
from quizapp.progress.item_analysis import class_item_analysis
from quizapp.timeutil import now_utc
from tests.support import factories
from tests.support.progress_fixtures import NOW, at

JOINED = at(10)


@pytest.fixture
def joined_late(app, teacher):
    ann = factories.make_user(name="Ann")
    bank = factories.make_bank(title="Class bank")
    facts = [factories.make_fact(bank) for _ in range(3)]
    questions = [factories.make_question(fact) for fact in facts]
    classroom = factories.make_classroom(teacher, "Year 9", banks=[bank])
    # On her own, before joining: wrong answers, a quiz all wrong, a fact learned.
    for day in (5, 6, 8):
        factories.make_review(ann, questions[1], correct=False, reviewed_at=at(day))
    factories.make_attempt(ann, bank, {questions[0]: False, questions[1]: False}, started_at=at(7))
    factories.make_memory_state(ann, facts[2], stability=40, last_review=at(8))
    factories.enroll(classroom, ann, joined_at=JOINED)
    # As a member: a right answer, a quiz all right, a fact reviewed.
    factories.make_review(ann, questions[0], reviewed_at=at(12))
    factories.make_attempt(ann, bank, {questions[0]: True, questions[1]: True}, started_at=at(14))
    factories.make_memory_state(ann, facts[0], stability=30, last_review=at(12))
    return {"class": classroom, "ann": ann, "bank": bank, "questions": questions}


def test_the_roster_counts_a_students_work_from_the_day_they_joined(joined_late):
    (ann,) = roster(joined_late["class"], NOW)
    assert ann.quiz_average == pytest.approx(100.0)
    # one study answer and the quiz's two, all right; none of the four wrong ones before
    assert (ann.answers_30_days, ann.right_30_days) == (3, pytest.approx(1.0))
    assert ann.reviews_7_days == 3
    assert ann.last_active == at(14)
    # the fact she learned on her own does not count until she answers it in the class
    assert (ann.facts_learned, ann.facts_mature) == (1, 1)


def test_a_date_range_starting_before_the_join_still_counts_from_the_join(joined_late):
    from datetime import date

    from quizapp.progress.period import DateRange

    period = DateRange(date(2024, 7, 1), date(2024, 7, 16))
    (ann,) = roster(joined_late["class"], NOW, period)
    assert ann.quiz_average == pytest.approx(100.0)
    assert ann.answers_30_days == 3


def test_item_analysis_leaves_out_quizzes_taken_before_joining(joined_late):
    rows = {row.question_id: row for row in class_item_analysis(joined_late["class"])}
    first, second = joined_late["questions"][:2]
    assert rows[first.id].stats.attempts == 1
    assert rows[first.id].stats.facility == pytest.approx(1.0)
    assert rows[second.id].stats.facility == pytest.approx(1.0)


def test_facts_forgotten_before_joining_are_not_the_class_s(joined_late):
    assert most_forgotten_facts(joined_late["class"]) == []


def _csv(client, classroom, kind: str) -> list[dict[str, str]]:
    response = client.get(f"/progress/class/{classroom.id}/export/{kind}.csv")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_class_exports_start_at_the_join(joined_late, teacher, teacher_client):
    classroom = joined_late["class"]
    answers = _csv(teacher_client, classroom, "answers")
    assert [row["answered_at"][:10] for row in answers] == ["2024-07-12"] + ["2024-07-14"] * 2
    assert all(row["correct"] == "true" for row in answers)
    attempts = _csv(teacher_client, classroom, "attempts")
    assert [(row["started_at"][:10], row["percent"]) for row in attempts] == [
        ("2024-07-14", "100.0")
    ]
    (student,) = _csv(teacher_client, classroom, "students")
    assert student["average_quiz_percent"] == "100.0"
    assert student["facts_learned"] == "1"


def test_the_class_page_shows_only_what_was_done_as_a_member(joined_late, teacher_client):
    page = teacher_client.get(f"/progress/class/{joined_late['class'].id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "from the day each student joined" in html
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert re.search(r"Ann 100% 2024-07-14 12:00 UTC", text)  # quiz average, last active
    assert "No wrong answers" in text
    items = text[text.index("Item analysis From") : text.index("Export results CSV")]
    assert items.count("100% of 1") == 2 and " 0% " not in items


def test_the_teacher_sees_a_student_s_whole_history_on_the_class_banks_on_their_page(
    joined_late, teacher_client
):
    """One student's page is their record on the class's banks, before joining too,
    and says so, marking what came before the join."""
    classroom, ann = joined_late["class"], joined_late["ann"]
    html = teacher_client.get(f"/progress/class/{classroom.id}/student/{ann.id}").get_data(
        as_text=True
    )
    assert "before joining the class too" in html
    assert 'datetime="2024-07-10T12:00:00+00:00"' in html  # the join, as a <time>
    history = html[html.index("Quiz history") :]
    assert history.count("before joining") == 1  # the quiz on the 7th, not the one on the 14th
    assert "0%" in history and "100%" in history


def test_a_deleted_account_leaves_only_its_class_quizzes_in_the_item_analysis(joined_late):
    from quizapp.deletion import delete_learner_account

    before = {row.question_id: row.stats for row in class_item_analysis(joined_late["class"])}
    delete_learner_account(joined_late["ann"])
    after = {row.question_id: row.stats for row in class_item_analysis(joined_late["class"])}
    assert after == before


def test_a_student_taken_off_and_let_back_in_counts_from_the_new_join(app, teacher, teacher_client):
    """Removed, then joining again with the code: the class counts from the new join,
    neither the first membership (the teacher ended it) nor what came in between."""
    ann = factories.make_user(name="Ann")
    bank = factories.make_bank(title="Class bank")
    question = factories.make_question(factories.make_fact(bank))
    classroom = factories.make_classroom(teacher, "Year 9", banks=[bank])
    start = now_utc() - timedelta(hours=3)
    factories.enroll(classroom, ann, joined_at=start)
    factories.make_attempt(ann, bank, {question: False}, started_at=start + timedelta(hours=1))
    remove = f"/teach/classes/{classroom.id}/students/{ann.id}/remove"
    assert "a new join counts from that day" in teacher_client.get(remove).get_data(as_text=True)
    removed = teacher_client.post(remove)
    assert removed.status_code in (302, 303)
    assert roster(classroom, now_utc()) == []
    factories.make_attempt(ann, bank, {question: False}, started_at=start + timedelta(hours=2))

    ann_client = app.test_client()
    assert ann_client.post(
        "/auth/login", data={"email": ann.email, "password": "correct horse"}
    ).status_code in (302, 303)
    assert ann_client.post("/join/", data={"code": classroom.join_code}).status_code in (302, 303)
    rejoined = db.session.scalar(
        select(Enrollment.joined_at).where(Enrollment.student_id == ann.id)
    )
    assert rejoined > start + timedelta(hours=2)
    factories.make_attempt(ann, bank, {question: True}, started_at=rejoined + timedelta(seconds=1))

    (row,) = roster(classroom, now_utc())
    assert row.quiz_average == pytest.approx(100.0)
    assert len(_csv(teacher_client, classroom, "attempts")) == 1
    (item,) = class_item_analysis(classroom)
    assert (item.stats.attempts, item.stats.facility) == (1, pytest.approx(1.0))


@pytest.fixture
def quiz_across_the_join(app, teacher):
    """Ben began the class's quiz, was taken off the class and let back in (his join is
    the new one), and finished it as a member. On his own he also began a practice quiz
    before that join and finished it after."""
    ben = factories.make_user(name="Ben")
    bank = factories.make_bank(title="Class bank")
    questions = [factories.make_question(factories.make_fact(bank)) for _ in range(2)]
    classroom = factories.make_classroom(teacher, "Year 9", banks=[bank])
    quiz = factories.make_assignment(classroom, bank, as_quiz=True, quiz_size=2)
    factories.make_attempt(
        ben,
        bank,
        {questions[0]: True, questions[1]: True},
        started_at=JOINED - timedelta(days=2),
        finished_at=JOINED + timedelta(minutes=5),
        assignment_id=quiz.id,
    )
    factories.make_attempt(
        ben,
        bank,
        {questions[0]: False, questions[1]: False},
        started_at=JOINED - timedelta(hours=1),
        finished_at=JOINED + timedelta(hours=1),
    )
    factories.enroll(classroom, ben, joined_at=JOINED)
    return {"class": classroom, "ben": ben, "questions": questions}


def test_a_class_quiz_begun_before_the_join_and_finished_after_counts_for_the_class(
    quiz_across_the_join,
):
    """The class's own quiz is the class's work once he is a member, whenever it began;
    a private quiz begun before joining stays private practice."""
    classroom = quiz_across_the_join["class"]
    (ben,) = roster(classroom, NOW)
    assert ben.quiz_average == pytest.approx(100.0)
    rows = {row.question_id: row.stats for row in class_item_analysis(classroom)}
    assert [rows[q.id].attempts for q in quiz_across_the_join["questions"]] == [1, 1]
    assert all(rows[q.id].facility == 1.0 for q in quiz_across_the_join["questions"])


def test_the_exports_and_the_student_page_agree_on_a_class_quiz_across_the_join(
    quiz_across_the_join, teacher_client
):
    classroom, ben = quiz_across_the_join["class"], quiz_across_the_join["ben"]
    attempts = _csv(teacher_client, classroom, "attempts")
    assert [row["percent"] for row in attempts] == ["100.0"]
    (student,) = _csv(teacher_client, classroom, "students")
    assert student["average_quiz_percent"] == "100.0"
    html = teacher_client.get(f"/progress/class/{classroom.id}/student/{ben.id}").get_data(
        as_text=True
    )
    history = html[html.index("Quiz history") :]
    assert history.count("before joining") == 1  # the private quiz only


def test_a_deleted_account_keeps_its_class_quiz_across_the_join_in_the_item_analysis(
    quiz_across_the_join,
):
    from quizapp.deletion import delete_learner_account

    classroom = quiz_across_the_join["class"]
    before = {row.question_id: row.stats for row in class_item_analysis(classroom)}
    assert before  # the class quiz counts
    delete_learner_account(quiz_across_the_join["ben"])
    assert {row.question_id: row.stats for row in class_item_analysis(classroom)} == before
