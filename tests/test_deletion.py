"""Deleting a learner's account or a teacher's class: all of it or none, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

import quizapp.deletion
from quizapp import models
from quizapp.deletion import delete_learner_account
from quizapp.extensions import db
from quizapp.progress.item_analysis import class_item_analysis
from quizapp.study.issued_items import current_study_item
from quizapp.study.queue import bank_scope
from quizapp.timeutil import now_utc
from tests.support.clients import AuthActions, logged_in_client
from tests.support.factories import (
    make_attempt,
    make_classroom,
    make_memory_state,
    make_review,
    make_user,
)
from tests.support.races import in_thread, meeting_at, while_paused
from tests.support.study_fixtures import make_study_bank


def rows(model: Any, *conditions: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def analysis(classroom_id: int) -> list[tuple[int, int, float, float | None]]:
    classroom = db.session.get(models.Classroom, classroom_id)
    return [
        (row.question_id, row.stats.attempts, row.stats.facility, row.stats.discrimination)
        for row in class_item_analysis(classroom)
    ]


@pytest.fixture
def school(app: Flask, teacher: models.User, student: models.User) -> dict[str, Any]:
    """Two classes sharing a quiz bank; ``student`` in both, three classmates in one;
    everyone has quiz attempts, study answers and memory states."""
    bank = make_study_bank(facts=3, kinds=("typed",), owner=teacher)
    questions = [fact.questions[0] for fact in bank.facts]
    others = [make_user(email=f"mate{n}@example.org") for n in range(3)]
    big = make_classroom(teacher, students=[student, *others], banks=[bank])
    small = make_classroom(teacher, students=[student], banks=[bank])
    patterns = [(True, True, False), (True, False, False), (False, True, True), (True, True, True)]
    for person, pattern in zip([student, *others], patterns, strict=True):
        make_attempt(person, bank, dict(zip(questions, pattern, strict=True)))
        make_review(person, questions[0])
        make_memory_state(person, bank.facts[0])
    current_study_item(student, bank_scope(student, bank), now_utc())  # an issued item
    return {"big": big.id, "small": small.id, "student": student.id, "others": others}


def test_a_learner_deletes_their_account_and_every_trace_of_their_study(
    app: Flask, student_client, school
) -> None:
    student_id = school["student"]
    before = {name: analysis(school[name]) for name in ("big", "small")}

    response = student_client.post(
        "/auth/account/delete", data={"confirm_password": "correct horse"}
    )

    assert response.status_code == 302
    for model, column in [
        (models.Review, models.Review.user_id),
        (models.MemoryState, models.MemoryState.user_id),
        (models.QuizAttempt, models.QuizAttempt.user_id),
        (models.IssuedItem, models.IssuedItem.user_id),
        (models.Enrollment, models.Enrollment.student_id),
        (models.User, models.User.id),
    ]:
        assert rows(model, column == student_id) == 0, model.__name__
    # The classmates keep everything; the classes' item statistics read the same.
    assert (
        rows(models.Review) == 3 * 3 + 3
        and rows(models.MemoryState) == 3
        and rows(models.QuizAttempt) == 3
    )
    assert {name: analysis(school[name]) for name in ("big", "small")} == before
    assert rows(models.AnonymousAttempt) == 2  # one per class the attempt counted for
    assert "Log in" in student_client.get("/").get_data(as_text=True)
    assert AuthActions(app.test_client()).login().status_code == 200  # no account any more


def test_a_wrong_password_deletes_nothing(student_client, school) -> None:
    response = student_client.post("/auth/account/delete", data={"confirm_password": "guess"})

    assert "That is not your password. Nothing was deleted." in response.get_data(as_text=True)
    assert rows(models.User, models.User.id == school["student"]) == 1
    assert rows(models.Review, models.Review.user_id == school["student"]) == 4


def test_a_failure_half_way_leaves_the_account_whole(
    monkeypatch: pytest.MonkeyPatch, student: models.User, school
) -> None:
    real_delete = quizapp.deletion._delete_in

    def fail_at_the_user_row(column: Any, values: Any) -> int:
        if column is models.User.id:
            raise RuntimeError("the server died here")
        return real_delete(column, values)

    monkeypatch.setattr(quizapp.deletion, "_delete_in", fail_at_the_user_row)
    with pytest.raises(RuntimeError):
        delete_learner_account(student)
    db.session.rollback()

    assert rows(models.Review, models.Review.user_id == school["student"]) == 4
    assert rows(models.Enrollment, models.Enrollment.student_id == school["student"]) == 2
    assert rows(models.AnonymousAttempt) == 0


def test_a_teacher_account_is_not_deleted_this_way(teacher_client, teacher) -> None:
    assert "Delete my account" not in teacher_client.get("/auth/account").get_data(as_text=True)
    response = teacher_client.post(
        "/auth/account/delete", data={"confirm_password": "correct horse"}, follow_redirects=True
    )
    assert "ask the administrator" in response.get_data(as_text=True)
    assert rows(models.User, models.User.id == teacher.id) == 1


def test_a_teacher_deletes_a_class_and_the_students_keep_their_study_data(
    teacher_client, school
) -> None:
    big = school["big"]
    quiz = db.session.scalar(select(models.Assignment).where(models.Assignment.classroom_id == big))
    attempt = db.session.scalar(
        select(models.QuizAttempt).where(models.QuizAttempt.user_id == school["student"])
    )
    attempt.assignment_id = quiz.id
    db.session.commit()
    kept = (rows(models.Review), rows(models.MemoryState), rows(models.QuizAttempt))

    wrong = teacher_client.post(f"/teach/classes/{big}/delete", data={"confirm_password": "no"})
    assert "Nothing was deleted" in wrong.get_data(as_text=True)
    assert rows(models.Classroom, models.Classroom.id == big) == 1

    response = teacher_client.post(
        f"/teach/classes/{big}/delete",
        data={"confirm_password": "correct horse"},
        follow_redirects=True,
    )

    assert "is deleted" in response.get_data(as_text=True)
    assert rows(models.Classroom, models.Classroom.id == big) == 0
    assert rows(models.Enrollment, models.Enrollment.classroom_id == big) == 0
    assert rows(models.Assignment, models.Assignment.classroom_id == big) == 0
    assert (rows(models.Review), rows(models.MemoryState), rows(models.QuizAttempt)) == kept
    assert rows(models.QuizAttempt, models.QuizAttempt.assignment_id.is_not(None)) == 0
    assert rows(models.Classroom, models.Classroom.id == school["small"]) == 1


def test_only_the_classs_own_teacher_may_delete_it(app: Flask, school) -> None:
    other = make_user(email="other-teacher@example.org", role="teacher")
    client = app.test_client()
    AuthActions(client).login(other.email)
    response = client.post(
        f"/teach/classes/{school['big']}/delete", data={"confirm_password": "correct horse"}
    )
    assert response.status_code == 404
    assert rows(models.Classroom, models.Classroom.id == school["big"]) == 1


# --- An account deleted in one tab while an answer is on its way in another ------------


def _traces_of(user_id: int) -> list[int]:
    """How many items, answers and memory states of ``user_id`` are left, and their account."""
    db.session.rollback()
    return [
        rows(models.IssuedItem, models.IssuedItem.user_id == user_id),
        rows(models.Review, models.Review.user_id == user_id),
        rows(models.MemoryState, models.MemoryState.user_id == user_id),
        rows(models.User, models.User.id == user_id),
    ]


@pytest.fixture
def answer_and_deletion(app: Flask, student: models.User, is_postgres: bool) -> Any:
    """The answer to the card the study page shows, and the account's deletion, each one
    request from its own tab."""
    if not is_postgres:
        pytest.skip("SQLite's write lock runs an answer and a deletion one after the other")
    make_study_bank(facts=3, kinds=("typed",))
    answering = logged_in_client(app, student.email)
    deleting = logged_in_client(app, student.email)
    page = answering.get("/study/").get_data(as_text=True)
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    db.session.rollback()
    return (
        lambda: answering.post("/study/answer", data={"token": token, "response": "a guess"}),
        lambda: deleting.post("/auth/account/delete", data={"confirm_password": "correct horse"}),
    )


@pytest.mark.parametrize("first", ["answer", "deletion"])
def test_an_answer_and_a_deletion_of_the_account_at_once_leave_nothing_and_no_error_page(
    app: Flask, student: models.User, answer_and_deletion: Any, first: str
) -> None:
    """Whichever of the two has written its rows and not yet committed when the other
    comes: an answer first is waited for and deleted with the account; a deletion first
    leaves the answer a page that is not an error."""
    answer, delete = answer_and_deletion
    student_id = student.id
    if first == "answer":
        answered, deleted = while_paused(app, db.engine, answer, "COMMIT", delete)
    else:
        deleted, answered = while_paused(app, db.engine, delete, "COMMIT", answer)

    for response in (answered, deleted):
        assert not isinstance(response, Exception), response
    assert deleted.status_code == 302 and answered.status_code < 500, answered.status_code
    if first == "answer":
        assert answered.status_code == 200
    assert _traces_of(student_id) == [0, 0, 0, 0]


def test_deleting_the_account_twice_at_the_same_moment_keeps_each_quiz_mark_once(
    app: Flask, student_client, student: models.User, school
) -> None:
    """A double click on "Delete my account": both requests would keep the class quiz
    marks anonymously, and the classes' item statistics would count them twice."""
    before = {name: analysis(school[name]) for name in ("big", "small")}
    other_tab = logged_in_client(app, student.email)
    db.session.rollback()  # the test's own transaction ends: on SQLite it would block both
    form = {"confirm_password": "correct horse"}
    with meeting_at(db.engine, "INSERT INTO anonymous_attempts"):
        sending = [
            in_thread(app, lambda tab=tab: tab.post("/auth/account/delete", data=form))
            for tab in (student_client, other_tab)
        ]
        for thread, _result in sending:
            thread.join(30)

    for _thread, result in sending:
        assert not isinstance(result[0], Exception), result[0]
        assert result[0].status_code in (302, 303)  # home, or (account gone) the log-in
    assert rows(models.AnonymousAttempt) == 2  # one per class the attempt counted for
    assert {name: analysis(school[name]) for name in ("big", "small")} == before


def test_a_quiz_started_while_the_account_is_deleted_shows_no_error_page(
    app: Flask, student: models.User, is_postgres: bool
) -> None:
    if not is_postgres:
        pytest.skip("SQLite's write lock runs a start and a deletion one after the other")
    bank = make_study_bank(facts=3, kinds=("true_false",))
    starting = logged_in_client(app, student.email)
    deleting = logged_in_client(app, student.email)
    student_id, form = student.id, {"bank_id": str(bank.id)}
    db.session.rollback()

    def delete() -> Any:
        return deleting.post("/auth/account/delete", data={"confirm_password": "correct horse"})

    # The deletion has deleted every row and not yet committed.
    deleted, started = while_paused(
        app, db.engine, delete, "COMMIT", lambda: starting.post("/quiz/start", data=form)
    )

    for response in (deleted, started):
        assert not isinstance(response, Exception), response
    assert (deleted.status_code, started.status_code) == (302, 404)
    assert "This account was deleted" in started.get_data(as_text=True)
    assert rows(models.QuizAttempt) == 0 and rows(models.User, models.User.id == student_id) == 0
