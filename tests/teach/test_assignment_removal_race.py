"""A student starting an assignment's quiz at the moment a teacher takes it off the class.

On PostgreSQL the two run at once (on SQLite the write lock already runs them one after
the other). Whichever comes first, nobody gets an error page: a start that came first
is stored and the removal keeps its attempt, like every attempt it keeps; a removal that
came first makes the start say the quiz is no longer assigned. Before, the first order
failed the teacher's removal and the second the student's start, each with a foreign
key violation (500).
"""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Assignment, QuizAttempt
from tests.support.clients import logged_in_client
from tests.support.factories import make_classroom
from tests.support.races import while_paused
from tests.support.study_fixtures import make_study_bank


@pytest.fixture
def quiz_assignment(app, teacher, student, is_postgres) -> Assignment:
    if not is_postgres:
        pytest.skip("SQLite's write lock runs a quiz start and a removal one after the other")
    bank = make_study_bank(facts=3, kinds=("true_false",), owner=teacher)
    classroom = make_classroom(teacher, students=[student], banks=[bank])
    assignment = classroom.assignments[0]
    assignment.as_quiz = True
    db.session.commit()
    return assignment


def _sides(app, teacher_client, student, assignment: Assignment):
    """The student's client, their start of the assignment's quiz and the teacher's
    removal of it, each one request."""
    learner = logged_in_client(app, student.email)
    form = {"bank_id": str(assignment.bank_id), "assignment_id": str(assignment.id)}
    url = f"/teach/classes/{assignment.classroom_id}/assignments/{assignment.id}/remove"
    db.session.rollback()
    return (
        learner,
        lambda: learner.post("/quiz/start", data=form),
        lambda: teacher_client.post(url),
    )


def test_a_removal_while_a_student_starts_the_quiz_waits_and_keeps_the_attempt(
    app, teacher_client, student, quiz_assignment
):
    assignment_id = quiz_assignment.id
    _learner, start, remove = _sides(app, teacher_client, student, quiz_assignment)
    # The start has found the assignment and not yet stored the attempt.
    started, removed = while_paused(app, db.engine, start, "INSERT INTO quiz_attempts", remove)

    for response in (started, removed):
        assert not isinstance(response, Exception), response
        assert response.status_code == 302, response.status_code
    db.session.expire_all()
    assert db.session.get(Assignment, assignment_id) is None
    kept = db.session.scalars(select(QuizAttempt)).one()
    assert started.headers["Location"].endswith(f"/quiz/{kept.id}")
    assert kept.user_id == student.id and kept.assignment_id is None


def test_a_start_while_the_teacher_removes_the_quiz_says_it_is_no_longer_assigned(
    app, teacher_client, student, quiz_assignment
):
    learner, start, remove = _sides(app, teacher_client, student, quiz_assignment)
    # The removal has let go of the attempts and deleted the assignment, not yet committed.
    removed, started = while_paused(app, db.engine, remove, "COMMIT", start)

    assert not isinstance(started, Exception), started
    assert removed.status_code == 302 and started.status_code == 303, started.status_code
    page = html.unescape(learner.get(started.headers["Location"]).get_data(as_text=True))
    assert "That quiz is no longer assigned to your class" in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0
