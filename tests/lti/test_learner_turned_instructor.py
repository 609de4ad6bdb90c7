"""An LMS account that learns in one course and later teaches another (a teaching
assistant, a student teacher) becomes a teacher at its first instructor launch, and stays
enrolled in the class it learns in. Its workspace still holds only the built-in banks and
its own: the bank its own teacher assigned it — answer keys and all — is for studying,
never to open, export or assign as a teacher."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Assignment, Bank, User
from tests.support.clients import CSRFClient
from tests.support.study_fixtures import make_study_bank

from .conftest import INSTRUCTOR, LaunchSpec, TestPlatform, instructor, launch, learner


@pytest.fixture
def assistant(app: Flask, lms: TestPlatform, quiz_link: dict[str, Any]) -> dict[str, Any]:
    """Tia's course links her own bank; Lee learns it there, then opens a link of a second
    course as its instructor, in the same browser."""
    launch(app.test_client(), lms, instructor(**quiz_link))
    tia = db.session.scalars(select(User).where(User.display_name == "Tia Teacher")).one()
    make_study_bank(facts=2, owner=tia, slug="tias-bank", title="Tia's answers")
    client: CSRFClient = app.test_client()  # type: ignore[assignment]
    own_link = learner(quiz_link, resource_link_id="tias-link")
    own_link.custom = {"quizapp_bank": "tias-bank"}
    assert launch(client, lms, own_link).status_code == 302
    teaching = LaunchSpec(
        sub="learner-1",
        roles=[INSTRUCTOR],
        name="Lee Learner",
        context_id="course-2",
        context_title="Tutorial group",
        resource_link_id="course-2-link",
        **quiz_link,
    )
    landed = launch(client, lms, teaching)
    assert landed.status_code == 302, landed.get_data(as_text=True)
    return {"client": client, "class_page": landed.headers["Location"]}


def test_the_bank_they_learn_is_not_in_their_workspace(assistant):
    client = assistant["client"]
    assert client.get("/study/?bank=tias-bank").status_code == 200  # still theirs to study
    for url in (
        "/teach/banks/tias-bank",
        "/teach/banks/tias-bank/export/csv",
        "/teach/banks/tias-bank/export/json",
        "/teach/banks/tias-bank/imported",
    ):
        assert client.get(url).status_code == 404, url
    for url in ("/teach/banks/", assistant["class_page"]):
        assert "Tia&#39;s answers" not in client.get(url).get_data(as_text=True), url


def test_they_cannot_assign_it_to_the_class_they_teach(assistant):
    client = assistant["client"]
    classroom_id = int(assistant["class_page"].rsplit("/", 1)[1])
    tias = db.session.scalar(select(Bank.id).where(Bank.slug == "tias-bank"))
    before = db.session.scalar(select(func.count(Assignment.id)))
    client.post(f"/teach/classes/{classroom_id}/assignments", data={"bank_id": tias})
    response = client.post("/teach/banks/tias-bank/assign", data={"classroom_id": classroom_id})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Assignment.id))) == before


def test_their_learner_launches_still_open_their_quiz_and_enrol_them(assistant, lms, quiz_link):
    """The course role of each launch decides what opens: Lee, an instructor of course 2,
    opens course 1's quiz link as its Learner and gets the quiz (resumed, the same
    attempt), not the teacher's page of a class Lee does not teach."""
    from quizapp.models import Enrollment, QuizAttempt

    client = assistant["client"]
    first = launch(client, lms, learner(quiz_link))
    assert first.status_code == 302, first.get_data(as_text=True)
    attempt = db.session.scalars(select(QuizAttempt)).one()
    assert first.headers["Location"] == f"/quiz/{attempt.id}"
    assert client.get(first.headers["Location"]).status_code == 200
    assert launch(client, lms, learner(quiz_link)).headers["Location"] == first.headers["Location"]
    # A new course, as its Learner, after teaching elsewhere: enrolled, the quiz starts.
    new_course = learner(quiz_link, context_id="course-3", resource_link_id="course-3-quiz")
    third = launch(client, lms, new_course)
    assert third.headers["Location"].startswith("/quiz/"), third.headers["Location"]
    lee = db.session.scalars(select(User).where(User.display_name == "Lee Learner")).one()
    enrolled = db.session.scalar(
        select(func.count(Enrollment.id)).where(Enrollment.student_id == lee.id)
    )
    assert enrolled == 2


def test_their_home_lists_the_class_they_learn_in_beside_the_ones_they_teach(
    assistant, lms, quiz_link
):
    client = assistant["client"]
    launch(client, lms, learner(quiz_link))  # course 1's quiz, as its Learner
    home = client.get("/").get_data(as_text=True)
    assert "Teacher account" in home and "Class assignments" in home
    assert "Start quiz" in home or "Continue the quiz" in home
    assert "Join a class with a code" not in home  # teachers join through their LMS
