"""A teacher assigning a bank, or a student joining, at the moment another teacher of the
class (or the same teacher's other tab) archives it.

On PostgreSQL the two run at once (on SQLite the write lock already runs them one after
the other). The change waits for the archiving and is then refused, as it would be a
moment later: an archived class never gets a new assignment or student."""

from __future__ import annotations

import html

import pytest

from quizapp.extensions import db
from quizapp.models import Assignment, Enrollment
from tests.support.clients import logged_in_client
from tests.support.factories import make_classroom
from tests.support.races import while_paused
from tests.support.rows import count_rows
from tests.support.study_fixtures import make_study_bank

CODE = "RACECODE42"


@pytest.fixture
def classroom_id(app, teacher, is_postgres) -> int:
    if not is_postgres:
        pytest.skip("SQLite's write lock runs an archiving and a change one after the other")
    return make_classroom(teacher, name="Year 9", join_code=CODE).id


def test_an_assignment_while_the_class_is_archived_is_refused(
    app, teacher_client, teacher, classroom_id
):
    bank_id = make_study_bank(facts=1, owner=teacher).id
    other_tab = logged_in_client(app, teacher.email)
    db.session.rollback()
    url = f"/teach/classes/{classroom_id}"

    def archive():
        return teacher_client.post(f"{url}/archive")

    def assign():
        return other_tab.post(f"{url}/assignments", data={"bank_id": str(bank_id)})

    # The archiving has stored the class's archived_at and not yet committed.
    archived, assigned = while_paused(app, db.engine, archive, "COMMIT", assign)

    assert not isinstance(assigned, Exception), assigned
    assert archived.status_code == 302 and assigned.status_code == 302, assigned.status_code
    page = html.unescape(other_tab.get(assigned.headers["Location"]).get_data(as_text=True))
    assert "Year 9 is archived, so it cannot be changed." in page
    assert count_rows(Assignment) == 0


def test_a_join_while_the_class_is_archived_says_it_is_archived(
    app, teacher_client, student, classroom_id
):
    learner = logged_in_client(app, student.email)
    db.session.rollback()

    def archive():
        return teacher_client.post(f"/teach/classes/{classroom_id}/archive")

    def join():
        return learner.post("/join/", data={"code": CODE})

    archived, joined = while_paused(app, db.engine, archive, "COMMIT", join)

    assert not isinstance(joined, Exception), joined
    assert archived.status_code == 302 and joined.status_code == 200, joined.status_code
    assert "Year 9 is archived: it takes no new students." in html.unescape(
        joined.get_data(as_text=True)
    )
    assert count_rows(Enrollment) == 0
