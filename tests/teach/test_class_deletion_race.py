"""A student joining a class at the moment its teacher deletes it.

On PostgreSQL the two run at once (on SQLite the write lock already runs them one after
the other). Whichever comes first, nobody gets an error page: a join that came first is
waited for and leaves with the rest of the roster; a deletion that came first makes the
join say no class has that code. Before, a join that came first made the deletion fail
on the new enrollment (a foreign key violation, 500)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Classroom, Enrollment
from tests.support.clients import AuthActions
from tests.support.factories import make_classroom
from tests.support.races import in_thread, paused_before, waits_on_a_lock

CODE = "RACECODE42"
PASSWORD_FORM = {"confirm_password": "correct horse"}


@pytest.fixture
def classroom_id(app, teacher, is_postgres) -> int:
    if not is_postgres:
        pytest.skip("SQLite's write lock runs a join and a deletion one after the other")
    return make_classroom(teacher, name="Year 9", join_code=CODE).id


def _url() -> str:
    return db.engine.url.render_as_string(hide_password=False)


def _count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id))) or 0


def _student(app, student):
    learner = app.test_client()
    AuthActions(learner).login(student.email)
    return learner


def test_a_deletion_while_a_student_joins_waits_and_takes_the_new_enrollment_too(
    app, teacher_client, student, classroom_id
):
    learner = _student(app, student)
    db.session.rollback()
    with paused_before(db.engine, "INSERT INTO enrollments", "join") as pause:
        joining, joined = in_thread(
            app, lambda: learner.post("/join/", data={"code": CODE}), name="join"
        )
        pause.wait_until_reached()  # the class found, the enrollment not yet stored
        url = f"/teach/classes/{classroom_id}/delete"
        deleting, deleted = in_thread(app, lambda: teacher_client.post(url, data=PASSWORD_FORM))
        waits_on_a_lock(_url(), lambda: not deleting.is_alive())
        pause.go_on.set()
        joining.join(30)
        deleting.join(30)

    for response in (*joined, *deleted):
        assert not isinstance(response, Exception), response
        assert response.status_code == 302, response.status_code
    assert _count(Classroom) == 0 and _count(Enrollment) == 0


def test_a_join_while_the_class_is_deleted_says_no_class_has_that_code(
    app, teacher_client, student, classroom_id
):
    learner = _student(app, student)
    db.session.rollback()
    with paused_before(db.engine, "COMMIT", "delete") as pause:
        url = f"/teach/classes/{classroom_id}/delete"
        deleting, deleted = in_thread(
            app, lambda: teacher_client.post(url, data=PASSWORD_FORM), name="delete"
        )
        pause.wait_until_reached()  # the class deleted, not yet committed
        joining, joined = in_thread(app, lambda: learner.post("/join/", data={"code": CODE}))
        waits_on_a_lock(_url(), lambda: not joining.is_alive())
        pause.go_on.set()
        deleting.join(30)
        joining.join(30)

    assert deleted[0].status_code == 302
    response = joined[0]
    assert not isinstance(response, Exception), response
    assert response.status_code == 200, response.status_code
    assert "No class has that code." in html.unescape(response.get_data(as_text=True))
    assert _count(Classroom) == 0 and _count(Enrollment) == 0
