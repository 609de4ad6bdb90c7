"""Launches from the LMS course of a class its teacher archived: the course's students
keep reaching their own study, but nobody new joins, no quiz starts for the class and
no new link adds an assignment, as on quizapp's own pages."""

from __future__ import annotations

import html

from sqlalchemy import select, update

from quizapp.extensions import db
from quizapp.models import Classroom
from quizapp.timeutil import now_utc

from .conftest import instructor, launch, learner, row_counts


def _archive_the_class() -> int:
    db.session.rollback()
    db.session.execute(update(Classroom).values(archived_at=now_utc()))
    db.session.commit()
    return db.session.scalars(select(Classroom.id)).one()


def _refused_saying(response, message: str, before: dict[str, int]) -> None:
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 403, page
    assert "quizapp could not open this link" in page
    assert message in page
    assert row_counts() == before


def test_a_new_learner_launching_into_an_archived_class_is_refused(client, lms, quiz_link):
    launch(client, lms, learner(quiz_link))
    _archive_the_class()
    before = row_counts()
    response = launch(client, lms, learner(quiz_link, sub="learner-2"))
    _refused_saying(response, "History 101 is archived: it takes no new students.", before)


def test_a_quiz_link_of_an_archived_class_starts_no_quiz(client, lms, quiz_link):
    launch(client, lms, learner(quiz_link))
    _archive_the_class()
    before = row_counts()
    response = launch(client, lms, learner(quiz_link))
    _refused_saying(
        response, "History 101 is archived, so its quizzes can no longer be started.", before
    )


def test_a_study_link_of_an_archived_class_still_opens_the_students_study(client, lms, quiz_link):
    spec = learner(quiz_link)
    spec.custom = {"quizapp_bank": "lti-bank"}
    launch(client, lms, spec)
    _archive_the_class()
    before = row_counts()
    response = launch(client, lms, spec)
    assert response.headers["Location"] == "/study/?bank=lti-bank"
    assert row_counts() == before


def test_a_new_link_in_an_archived_classs_course_adds_no_assignment(client, lms, quiz_link):
    launch(client, lms, learner(quiz_link))
    _archive_the_class()
    before = row_counts()
    spec = learner(quiz_link, resource_link_id="link-2")
    response = launch(client, lms, spec)
    _refused_saying(response, "History 101 is archived, so it cannot be changed.", before)


def test_an_instructor_launch_opens_the_archived_class_to_restore_it(client, lms, quiz_link):
    launch(client, lms, instructor(**quiz_link))
    classroom_id = _archive_the_class()
    response = launch(client, lms, instructor(**quiz_link))
    assert response.headers["Location"] == f"/teach/classes/{classroom_id}"
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "This class is archived" in page and "Restore this class" in page
