"""``flask demo remove``: the demo schools go again, whole, and nothing else does."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from quizapp.demo.seed import seed_demo
from quizapp.extensions import db
from quizapp.models import (
    Assignment,
    Bank,
    Classroom,
    Enrollment,
    Fact,
    MemoryState,
    Question,
    QuizAttempt,
    Review,
    User,
)
from tests.support.factories import (
    enroll,
    make_attempt,
    make_bank,
    make_classroom,
    make_fact,
    make_memory_state,
    make_question,
    make_review,
    make_user,
)

COUNTED = (User, Classroom, Enrollment, Assignment, Bank, Fact, Question, Review, MemoryState)


def _rows() -> dict[str, int]:
    db.session.rollback()  # what the command committed, not a snapshot of before it
    counts = {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (*COUNTED, QuizAttempt)
    }
    db.session.rollback()
    return counts


def _a_real_school() -> dict[str, Any]:
    """A teacher, a class and a student who studied and took a quiz: none of it demo."""
    teacher = make_user(email="teacher@school.example", role="teacher")
    student = make_user(email="minji@school.example")
    bank = make_bank(owner=teacher)
    question = make_question(make_fact(bank))
    classroom = make_classroom(teacher, students=[student], banks=[bank])
    make_review(student, question)
    make_memory_state(student, question.fact)
    make_attempt(student, bank, {question: True})
    return {"teacher": teacher, "student": student, "classroom": classroom}


def _remove(app, *args: str, answer: str | None = None) -> Any:
    db.session.rollback()
    return app.test_cli_runner().invoke(args=["demo", "remove", *args], input=answer)


def test_remove_takes_every_demo_school_and_leaves_the_real_one_as_it_was(app):
    _a_real_school()
    before = _rows()
    seed_demo(students=7, days=20, facts=10, class_size=5)
    seed_demo(students=3, days=10, facts=6, seed=2)
    assert _rows()["reviews"] > before["reviews"]

    result = _remove(app, "--yes")

    assert result.exit_code == 0, result.output
    assert _rows() == before
    assert "Removing the demo schools" in result.output  # its progress bar
    assert "Removed 2 demo schools: 2 teachers, 10 students, 3 classes, 2 banks" in result.output
    assert "study and quiz answers" in result.output
    again = _remove(app, "--yes")
    assert again.exit_code == 0, again.output
    assert "There is no demo data to remove." in again.output


def test_remove_asks_first_and_a_no_keeps_everything(app):
    seed_demo(students=2, days=5, facts=6)
    before = _rows()
    result = _remove(app, answer="n\n")
    assert result.exit_code == 1
    assert "Remove 1 demo school (1 teacher, 2 students, 1 class, 1 bank" in result.output
    assert _rows() == before
    assert _remove(app, answer="y\n").exit_code == 0
    assert _rows()["users"] == 0


def test_a_real_student_in_a_demo_class_stops_the_removal_with_nothing_removed(app):
    """The class's join code works for anyone: a real learner who joined it would lose
    their place in it. Nothing is removed; the message says who and what to do."""
    school = _a_real_school()
    seed_demo(students=2, days=5, facts=6)
    demo_class = db.session.scalars(select(Classroom).where(Classroom.name.like("Demo%"))).one()
    enroll(demo_class, school["student"])
    before = _rows()

    result = _remove(app, "--yes")

    assert result.exit_code == 1
    assert "minji@school.example is in the demo class" in result.output
    assert "nothing was removed" in result.output
    assert _rows() == before


def test_a_real_account_named_like_a_demo_one_is_never_taken_for_one(app):
    """Only the exact addresses a seed makes count as demo accounts."""
    make_user(email="demo-teacher@example.org", role="teacher")
    make_user(email="demo-abc123-teacher@example.org")  # a student: the seed's are teachers
    make_user(email="demo-abc123-s1x@example.org")
    before = _rows()
    result = _remove(app, "--yes")
    assert result.exit_code == 0, result.output
    assert "There is no demo data to remove." in result.output
    assert _rows() == before
