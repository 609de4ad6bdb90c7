"""A student joining a class, or a teacher assigning it a bank, at the moment its owner
deletes it.

On PostgreSQL the two run at once (on SQLite the write lock already runs them one after
the other). Whichever comes first, nobody gets an error page: a join that came first is
waited for and leaves with the rest of the roster; a deletion that came first makes the
join say no class has that code. Before, a join that came first made the deletion fail
on the new enrollment (a foreign key violation, 500)."""

from __future__ import annotations

import html

import pytest

from quizapp.extensions import db
from quizapp.models import Assignment, Classroom, Enrollment
from tests.support.clients import logged_in_client
from tests.support.factories import make_classroom
from tests.support.races import while_paused
from tests.support.rows import count_rows
from tests.support.study_fixtures import make_study_bank

CODE = "RACECODE42"
PASSWORD_FORM = {"confirm_password": "correct horse"}


@pytest.fixture
def classroom_id(app, teacher, is_postgres) -> int:
    if not is_postgres:
        pytest.skip("SQLite's write lock runs a join and a deletion one after the other")
    return make_classroom(teacher, name="Year 9", join_code=CODE).id


def _sides(app, teacher_client, student, classroom_id):
    """The student's join and the teacher's deletion, each one request."""
    learner = logged_in_client(app, student.email)
    db.session.rollback()
    url = f"/teach/classes/{classroom_id}/delete"
    return (
        lambda: learner.post("/join/", data={"code": CODE}),
        lambda: teacher_client.post(url, data=PASSWORD_FORM),
    )


def test_a_deletion_while_a_student_joins_waits_and_takes_the_new_enrollment_too(
    app, teacher_client, student, classroom_id
):
    join, delete = _sides(app, teacher_client, student, classroom_id)
    # The join has found the class and not yet stored the enrollment.
    joined, deleted = while_paused(app, db.engine, join, "INSERT INTO enrollments", delete)

    for response in (joined, deleted):
        assert not isinstance(response, Exception), response
        assert response.status_code == 302, response.status_code
    assert count_rows(Classroom) == 0 and count_rows(Enrollment) == 0


def test_a_join_while_the_class_is_deleted_says_no_class_has_that_code(
    app, teacher_client, student, classroom_id
):
    join, delete = _sides(app, teacher_client, student, classroom_id)
    # The deletion has deleted the class and not yet committed.
    deleted, joined = while_paused(app, db.engine, delete, "COMMIT", join)

    assert not isinstance(joined, Exception), joined
    assert deleted.status_code == 302 and joined.status_code == 200, joined.status_code
    assert "No class has that code." in html.unescape(joined.get_data(as_text=True))
    assert count_rows(Classroom) == 0 and count_rows(Enrollment) == 0


def test_an_assignment_while_the_class_is_deleted_says_the_class_is_gone(
    app, teacher_client, teacher, classroom_id
):
    """A co-teacher (or the owner's other tab) assigns a bank to the class while the
    owner deletes it: the assignment waits for the deletion, and then says the class
    is gone, instead of failing on the deleted class's key (an error page)."""
    bank_id = make_study_bank(facts=1, owner=teacher).id
    other_tab = logged_in_client(app, teacher.email)
    db.session.rollback()
    url = f"/teach/classes/{classroom_id}"

    def delete():
        return teacher_client.post(f"{url}/delete", data=PASSWORD_FORM)

    def assign():
        return other_tab.post(f"{url}/assignments", data={"bank_id": str(bank_id)})

    # The deletion has deleted the class and not yet committed.
    deleted, assigned = while_paused(app, db.engine, delete, "COMMIT", assign)

    assert not isinstance(assigned, Exception), assigned
    assert deleted.status_code == 302 and assigned.status_code == 404, assigned.status_code
    assert "It may have been deleted" in html.unescape(assigned.get_data(as_text=True))
    assert count_rows(Classroom) == 0 and count_rows(Assignment) == 0
