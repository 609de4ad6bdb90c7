"""The roster, the class page and the class exports run the same number of SQL statements
for 3 students as for 30: no query per student; a finished quiz's page, the same for 3
questions as for 12."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import Enrollment, MemoryState, Review
from quizapp.progress.classroom import roster
from quizapp.progress.period import DateRange
from quizapp.progress.results_csv import CLASS_KINDS, class_rows
from tests.support import factories
from tests.support.clients import logged_in_client
from tests.support.progress_fixtures import NOW, counting_statements, statement_count


def class_of(teacher, size: int):
    bank = factories.make_bank()
    questions = [factories.make_question(factories.make_fact(bank)) for _ in range(3)]
    classroom = factories.make_classroom(teacher, f"Class of {size}", banks=[bank])
    for n in range(size):
        student = factories.make_user(name=f"Student {n}")
        db.session.add(
            Enrollment(
                classroom_id=classroom.id, student_id=student.id, joined_at=factories.LONG_AGO
            )
        )
        for question in questions:
            db.session.add(
                MemoryState(
                    user_id=student.id,
                    fact_id=question.fact_id,
                    state=2,
                    stability=10.0 + n,
                    difficulty=5.0,
                    due=NOW + timedelta(days=3),
                    last_review=NOW - timedelta(days=1),
                )
            )
            db.session.add(
                Review(
                    user_id=student.id,
                    question_id=question.id,
                    fact_id=question.fact_id,
                    rating=3,
                    correct=True,
                    reviewed_at=NOW - timedelta(hours=n + 1),
                )
            )
        db.session.commit()
        factories.make_attempt(student, bank, {questions[0]: True, questions[1]: n % 2 == 0})
    return classroom


@pytest.fixture
def small_and_large(app, teacher):
    return class_of(teacher, 3), class_of(teacher, 30)


def test_the_roster_runs_the_same_statements_for_3_and_30_students(small_and_large):
    small, large = small_and_large
    counts = [statement_count(lambda c=c: roster(c, NOW)) for c in (small, large)]
    assert 0 < counts[0] == counts[1]
    assert len(roster(large, NOW)) == 30


@pytest.mark.parametrize("kind", CLASS_KINDS)
def test_each_class_export_runs_the_same_statements_for_3_and_30_students(small_and_large, kind):
    counts = []
    sizes = []
    for classroom in small_and_large:

        def export(c=classroom):
            sizes.append(len(list(class_rows(c, kind, DateRange(), "UTC", NOW))))

        counts.append(statement_count(export))
    assert 0 < counts[0] == counts[1]
    assert sizes[1] == 10 * sizes[0]  # the large class really has ten times the rows


def test_the_class_page_runs_the_same_statements_for_3_and_30_students(
    small_and_large, teacher_client
):
    counts = []
    for classroom in small_and_large:
        teacher_client.get(f"/progress/class/{classroom.id}")  # warm-up: log-in, caches
        with counting_statements() as statements:
            page = teacher_client.get(f"/progress/class/{classroom.id}")
        assert page.status_code == 200
        counts.append(len(statements))
    assert 0 < counts[0] == counts[1]


def finished_quiz(teacher, student, questions: int):
    """A class quiz of ``questions`` typed questions, every one answered right."""
    bank = factories.make_bank()
    asked = [factories.make_question(factories.make_fact(bank)) for _ in range(questions)]
    classroom = factories.make_classroom(teacher, students=[student], banks=[bank])
    return classroom, factories.make_attempt(student, bank, dict.fromkeys(asked, True))


@pytest.mark.parametrize("viewer", ["student", "teacher"])
def test_a_finished_quiz_page_runs_the_same_statements_for_3_and_12_questions(
    app, teacher, student, viewer
):
    """The learner's results and their teacher's copy read each answer's fact with the
    others, never one statement per question (checking a right typed answer reads it)."""
    client = logged_in_client(app, (teacher if viewer == "teacher" else student).email)
    counts = []
    for size in (3, 12):
        classroom, attempt = finished_quiz(teacher, student, size)
        if viewer == "teacher":
            path = f"/progress/class/{classroom.id}/student/{student.id}/quiz/{attempt.id}"
        else:
            path = f"/quiz/{attempt.id}/results"
        client.get(path)  # warm-up: log-in, caches
        with counting_statements() as statements:
            page = client.get(path)
        assert page.status_code == 200
        assert f"Answered right: {size}" in page.get_data(as_text=True)
        counts.append(len(statements))
    assert 0 < counts[0] == counts[1]
