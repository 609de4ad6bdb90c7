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
import threading

import pytest
from sqlalchemy import func, select

from quizapp.deletion import keep_quiz_attempts
from quizapp.extensions import db
from quizapp.models import Assignment, Bank, QuizAttempt, User
from quizapp.study.quizzes import start_or_resume_quiz
from quizapp.teach.access import assignment_to_start
from quizapp.timeutil import now_utc
from tests.support.clients import AuthActions
from tests.support.factories import make_classroom
from tests.support.races import in_thread, waits_on_a_lock
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


def _database_url() -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_a_removal_while_a_student_starts_the_quiz_waits_and_keeps_the_attempt(
    app, teacher_client, student, quiz_assignment
):
    assignment_id, bank_id, student_id = quiz_assignment.id, quiz_assignment.bank_id, student.id
    remove = f"/teach/classes/{quiz_assignment.classroom_id}/assignments/{assignment_id}/remove"
    db.session.rollback()
    found, go_on = threading.Event(), threading.Event()

    def start() -> int:
        """The student's start, paused between finding the assignment and storing the
        attempt (as ``study.start_quiz`` runs them, in one transaction)."""
        try:
            learner, bank = db.session.get(User, student_id), db.session.get(Bank, bank_id)
            assignment = assignment_to_start(learner, assignment_id, bank)
            found.set()
            go_on.wait(30)
            return start_or_resume_quiz(learner, bank, assignment, None, now_utc())[0].id
        finally:
            found.set()

    student_thread, started = in_thread(app, start)
    found.wait(30)
    teacher_thread, removed = in_thread(app, lambda: teacher_client.post(remove).status_code)
    waits_on_a_lock(_database_url(), lambda: not teacher_thread.is_alive())
    go_on.set()
    student_thread.join(30)
    teacher_thread.join(30)

    assert isinstance(started[0], int), started  # the attempt's id, not an error
    assert removed == [302]
    db.session.expire_all()
    assert db.session.get(Assignment, assignment_id) is None
    kept = db.session.get(QuizAttempt, started[0])
    assert kept is not None and kept.user_id == student_id and kept.assignment_id is None


def test_a_start_while_the_teacher_removes_the_quiz_says_it_is_no_longer_assigned(
    app, student, quiz_assignment
):
    assignment_id, bank_id = quiz_assignment.id, quiz_assignment.bank_id
    learner = app.test_client()
    AuthActions(learner).login(student.email)
    db.session.rollback()
    removing, go_on = threading.Event(), threading.Event()

    def remove() -> None:
        """The teacher's removal, paused before its commit (as ``unassign`` runs it)."""
        try:
            keep_quiz_attempts(select(Assignment.id).where(Assignment.id == assignment_id))
            db.session.delete(db.session.get(Assignment, assignment_id))
            db.session.flush()
            removing.set()
            go_on.wait(30)
            db.session.commit()
        finally:
            removing.set()

    teacher_thread, _removed = in_thread(app, remove)
    removing.wait(30)
    form = {"bank_id": str(bank_id), "assignment_id": str(assignment_id)}
    student_thread, answered = in_thread(app, lambda: learner.post("/quiz/start", data=form))
    waits_on_a_lock(_database_url(), lambda: not student_thread.is_alive())
    go_on.set()
    teacher_thread.join(30)
    student_thread.join(30)

    response = answered[0]
    assert response.status_code == 303, response.status_code
    page = html.unescape(learner.get(response.headers["Location"]).get_data(as_text=True))
    assert "That quiz is no longer assigned to your class" in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0
