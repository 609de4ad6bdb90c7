"""A second instructor of the same LMS course co-teaches the course's class: they open it,
see its students and progress, find it among their classes; nobody else can."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, func, select

from quizapp.deletion import delete_classroom
from quizapp.extensions import db
from quizapp.lti.cleanup import forget_users
from quizapp.models import Classroom, ClassroomTeacher, QuizAttempt, User
from tests.support.clients import AuthActions, CSRFClient
from tests.support.factories import make_user
from tests.support.study_fixtures import make_study_bank

from .conftest import INSTRUCTOR, LaunchSpec, TestPlatform, instructor, launch, learner


def second_instructor(quiz_link: dict[str, Any]) -> LaunchSpec:
    return LaunchSpec(sub="teacher-2", roles=[INSTRUCTOR], name="Sam Second", **quiz_link)


def co_teacher_rows(*conditions: Any) -> int:
    return db.session.scalar(select(func.count(ClassroomTeacher.id)).where(*conditions)) or 0


@pytest.fixture
def course(app: Flask, lms: TestPlatform, quiz_link: dict[str, Any]) -> dict[str, Any]:
    """The course's class as its first instructor and a learner who took the quiz left it;
    ``co_teacher`` is signed in by the second instructor's launch."""
    launch(app.test_client(), lms, instructor(**quiz_link))
    learner_client = app.test_client()
    launch(learner_client, lms, learner(quiz_link))
    attempt = db.session.scalars(select(QuizAttempt)).one()
    co_teacher: CSRFClient = app.test_client()  # type: ignore[assignment]
    response = launch(co_teacher, lms, second_instructor(quiz_link))
    return {
        "classroom_id": attempt.assignment.classroom_id,
        "response": response,
        "client": co_teacher,
        "user": db.session.scalars(select(User).where(User.display_name == "Sam Second")).one(),
    }


def test_a_second_instructor_opens_the_course_class_with_its_students_and_progress(course):
    classroom_id, client = course["classroom_id"], course["client"]
    assert course["response"].headers["Location"] == f"/teach/classes/{classroom_id}"
    page = client.get(f"/teach/classes/{classroom_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Lee Learner" in text
    assert "Taught by Tia Teacher, Sam Second" in text
    progress = client.get(f"/progress/class/{classroom_id}")
    assert progress.status_code == 200 and "Lee Learner" in progress.get_data(as_text=True)


def test_launching_again_keeps_one_co_teacher_row(app, lms, quiz_link, course):
    launch(course["client"], lms, second_instructor(quiz_link))
    assert co_teacher_rows() == 1
    owner = db.session.get(Classroom, course["classroom_id"]).teacher
    assert owner.display_name == "Tia Teacher"  # the first instructor still owns it


def test_the_course_class_is_on_the_co_teachers_home_and_class_lists(course):
    client = course["client"]
    for url in ("/", "/teach/classes/", "/progress/classes"):
        page = client.get(url)
        assert page.status_code == 200
        assert "History 101" in page.get_data(as_text=True), url


def test_a_link_to_the_co_teachers_own_bank_opens_for_learners(app, lms, quiz_link, course):
    own = make_study_bank(facts=2, owner=course["user"], slug="sams-bank")
    spec = learner(quiz_link, resource_link_id="link-2")
    spec.custom = {"quizapp_bank": own.slug, "quizapp_quiz_size": "2"}
    response = launch(app.test_client(), lms, spec)
    assert response.status_code == 302 and response.headers["Location"].startswith("/quiz/")


def test_a_teacher_who_does_not_teach_the_course_still_gets_404(app, course):
    classroom_id = course["classroom_id"]
    outsider = make_user(role="teacher", email="outsider@example.org")
    client: CSRFClient = app.test_client()  # type: ignore[assignment]
    AuthActions(client).login(outsider.email)
    for url in (f"/teach/classes/{classroom_id}", f"/progress/class/{classroom_id}"):
        assert client.get(url).status_code == 404, url
    assert "History 101" not in client.get("/teach/classes/").get_data(as_text=True)
    student = make_user(email="someone@example.org")
    student_client: CSRFClient = app.test_client()  # type: ignore[assignment]
    AuthActions(student_client).login(student.email)
    assert student_client.get(f"/teach/classes/{classroom_id}").status_code == 403


def test_deleting_the_class_leaves_no_co_teacher_rows(course):
    delete_classroom(db.session.get(Classroom, course["classroom_id"]))
    assert co_teacher_rows() == 0
    assert db.session.get(Classroom, course["classroom_id"]) is None


def test_deleting_the_co_teachers_account_leaves_no_co_teacher_rows(course):
    """Teacher accounts are removed by an administrator in the database; the co-teaching
    rows go with the account (ON DELETE CASCADE), the class stays its owner's."""
    user_id = course["user"].id
    db.session.expunge_all()
    forget_users([user_id])
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
    assert co_teacher_rows(ClassroomTeacher.teacher_id == user_id) == 0
    assert db.session.get(Classroom, course["classroom_id"]) is not None


def test_only_the_owner_may_delete_the_class(course):
    """Deleting ends the class for every teacher, so a co-teacher runs it but cannot end it."""
    classroom_id, client = course["classroom_id"], course["client"]
    assert "Delete this class" not in client.get(f"/teach/classes/{classroom_id}").get_data(
        as_text=True
    )
    delete_url = f"/teach/classes/{classroom_id}/delete"
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, data={"confirm_password": "anything"}).status_code == 403
    assert db.session.get(Classroom, classroom_id) is not None


def owner_client(app: Flask, lms: TestPlatform, quiz_link: dict[str, Any]) -> CSRFClient:
    """The course's first instructor (the class's owner), signed in by a launch."""
    client: CSRFClient = app.test_client()  # type: ignore[assignment]
    launch(client, lms, instructor(**quiz_link))
    return client


def remove_url(classroom_id: int, teacher_id: int) -> str:
    return f"/teach/classes/{classroom_id}/teachers/{teacher_id}/remove"


def test_the_owner_removes_a_co_teacher_who_then_sees_nothing_of_the_class(
    app, lms, quiz_link, course
):
    classroom_id, co_teacher = course["classroom_id"], course["user"]
    owner = owner_client(app, lms, quiz_link)
    page = owner.get(f"/teach/classes/{classroom_id}").get_data(as_text=True)
    assert "Co-teachers (1)" in page and "Sam Second as a co-teacher" in page
    removed = owner.post(remove_url(classroom_id, co_teacher.id), follow_redirects=True)
    assert "Sam Second no longer teaches this class." in removed.get_data(as_text=True)
    assert co_teacher_rows() == 0
    assert "Taught by Tia Teacher</p>" in removed.get_data(as_text=True)
    client = course["client"]
    for url in (f"/teach/classes/{classroom_id}", f"/progress/class/{classroom_id}"):
        assert client.get(url).status_code == 404, url
    assert "History 101" not in client.get("/teach/classes/").get_data(as_text=True)


def test_a_co_teacher_may_leave_but_not_remove_the_owner_or_another_co_teacher(
    app, lms, quiz_link, course
):
    classroom_id, client = course["classroom_id"], course["client"]
    third: CSRFClient = app.test_client()  # type: ignore[assignment]
    launch(
        third, lms, LaunchSpec(sub="teacher-3", roles=[INSTRUCTOR], name="Tom Third", **quiz_link)
    )
    third_id = db.session.scalars(select(User.id).where(User.display_name == "Tom Third")).one()
    owner_id = db.session.get(Classroom, classroom_id).teacher_id
    for teacher_id in (third_id, owner_id):
        assert client.post(remove_url(classroom_id, teacher_id)).status_code == 403
    assert co_teacher_rows() == 2
    page = client.get(f"/teach/classes/{classroom_id}").get_data(as_text=True)
    assert "Co-teachers (" not in page  # only the owner manages them
    left = client.post(remove_url(classroom_id, course["user"].id), follow_redirects=True)
    assert "You no longer teach History 101." in left.get_data(as_text=True)
    assert left.request.path == "/teach/classes/"
    assert client.get(f"/teach/classes/{classroom_id}").status_code == 404
    assert co_teacher_rows(ClassroomTeacher.teacher_id == third_id) == 1


def test_removing_a_co_teacher_or_leaving_asks_first(app, lms, quiz_link, course):
    """ "Remove…" and "Stop co-teaching this class…" open a question saying what the
    teacher loses and that the LMS may add them back; only its button removes."""
    classroom_id, co_teacher, client = course["classroom_id"], course["user"], course["client"]
    owner = owner_client(app, lms, quiz_link)
    url = remove_url(classroom_id, co_teacher.id)
    assert f'href="{url}"' in owner.get(f"/teach/classes/{classroom_id}").get_data(as_text=True)
    asked = owner.get(url).get_data(as_text=True)
    assert "Remove Sam Second as a co-teacher of History 101?" in asked
    assert "no longer see this class, its students or their progress" in asked
    assert "their next launch from it adds them again" in asked
    assert f'action="{url}"' in asked
    assert f'href="{url}"' in client.get(f"/teach/classes/{classroom_id}").get_data(as_text=True)
    leaving = client.get(url).get_data(as_text=True)
    assert "Stop co-teaching History 101?" in leaving
    assert "your next launch from it adds you again" in leaving
    assert co_teacher_rows() == 1  # asking changed nothing
    owner_id = db.session.get(Classroom, classroom_id).teacher_id
    assert client.get(remove_url(classroom_id, owner_id)).status_code == 403
    assert owner.get(remove_url(classroom_id, 999_999)).status_code == 404
    refused = owner.get(remove_url(classroom_id, owner_id), follow_redirects=True)
    assert "You own this class, so you cannot leave it" in refused.get_data(as_text=True)
    left = client.post(url, follow_redirects=True)
    assert "You no longer teach History 101." in left.get_data(as_text=True)


def test_the_owner_cannot_leave_and_a_stranger_or_forged_form_changes_nothing(
    app, lms, quiz_link, course
):
    classroom_id = course["classroom_id"]
    owner = owner_client(app, lms, quiz_link)
    owner_id = db.session.get(Classroom, classroom_id).teacher_id
    refused = owner.post(remove_url(classroom_id, owner_id), follow_redirects=True)
    assert "You own this class, so you cannot leave it" in refused.get_data(as_text=True)
    unknown = owner.post(remove_url(classroom_id, 999_999), follow_redirects=True)
    assert "That teacher does not co-teach this class." in unknown.get_data(as_text=True)
    forged = owner.post(remove_url(classroom_id, course["user"].id), csrf=False)
    assert forged.status_code == 400
    outsider = make_user(role="teacher", email="outsider@example.org")
    stranger: CSRFClient = app.test_client()  # type: ignore[assignment]
    AuthActions(stranger).login(outsider.email)
    assert stranger.post(remove_url(classroom_id, course["user"].id)).status_code == 404
    assert co_teacher_rows() == 1
    assert db.session.get(Classroom, classroom_id).teacher_id == owner_id


def test_a_removed_co_teacher_still_instructing_in_the_lms_is_added_back_by_a_launch(
    lms, quiz_link, course, app
):
    """The LMS says who teaches the course; the owner's removal lasts until it says so again
    (the removal's message tells the owner)."""
    owner = owner_client(app, lms, quiz_link)
    owner.post(remove_url(course["classroom_id"], course["user"].id))
    assert co_teacher_rows() == 0
    launch(course["client"], lms, second_instructor(quiz_link))
    assert co_teacher_rows() == 1


def test_removing_a_learner_of_an_lms_course_says_the_lms_may_add_them_back(course):
    """A learner the LMS still lists comes back with their next launch or the next roster
    sync, as a new join: the removal's question says so, as it does for co-teachers."""
    classroom_id, client = course["classroom_id"], course["client"]
    student = db.session.scalars(select(User).where(User.display_name == "Lee Learner")).one()
    asked = client.get(f"/teach/classes/{classroom_id}/students/{student.id}/remove")
    text = " ".join(asked.get_data(as_text=True).replace("&#39;", "'").split())
    assert "If the LMS still lists Lee Learner in the course, their next launch from it" in text
    assert "or a roster sync adds them again, counting from that new join" in text
