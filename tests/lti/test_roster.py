"""Roster sync: the teacher pulls the LMS course's active learners into the class."""

from __future__ import annotations

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.lti.models import LtiContext, LtiUser
from quizapp.models import Classroom, ClassroomTeacher, Enrollment, User

from .conftest import INSTRUCTOR, LEARNER, LaunchSpec, instructor, launch, learner


def member(user_id: str, name: str, roles: list[str], status: str = "Active") -> dict:
    return {"user_id": user_id, "name": name, "roles": roles, "status": status,
            "email": f"{user_id}@school.example"}  # fmt: skip


def test_a_teacher_pulls_the_lms_roster_into_the_class(client, lms, quiz_link):
    lms.members = [
        member("learner-1", "Lee Learner", [LEARNER]),
        member("learner-2", "Kim Learner", [LEARNER]),
        member("learner-3", "Gone Learner", [LEARNER], status="Inactive"),
        member("teacher-1", "Tia Teacher", [INSTRUCTOR]),
        member("learner-4", "Ana Learner", [LEARNER]),
    ]  # three pages of two: the Link header is followed
    response = launch(client, lms, instructor(**quiz_link))
    classroom_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Pull the roster from the LMS" in classroom_page
    classroom_id = db.session.scalar(select(LtiContext.classroom_id))
    synced = client.post(f"/lti/classes/{classroom_id}/roster", follow_redirects=True)
    assert "The LMS lists 3 learners; 3 newly added to the class." in synced.get_data(as_text=True)
    names = set(
        db.session.scalars(
            select(User.display_name).join(Enrollment, Enrollment.student_id == User.id)
        )
    )
    assert names == {"Lee Learner", "Kim Learner", "Ana Learner"}
    again = client.post(f"/lti/classes/{classroom_id}/roster", follow_redirects=True)
    assert "3 learners; 0 newly added" in again.get_data(as_text=True)
    # The synced learner's own launch finds the same account.
    users = db.session.scalar(select(func.count(User.id)))
    launch(client, lms, learner(quiz_link, sub="learner-2"))
    assert db.session.scalar(select(func.count(User.id))) == users
    linked = db.session.scalars(select(LtiUser).where(LtiUser.sub == "learner-2")).one()
    assert linked.user.email == "learner-2@school.example"


def test_a_class_not_from_an_lms_has_no_roster_sync(teacher_client, teacher):
    classroom = Classroom(name="Plain", teacher_id=teacher.id, join_code="ABCDEFGHJK")
    db.session.add(classroom)
    db.session.commit()
    page = teacher_client.get(f"/teach/classes/{classroom.id}").get_data(as_text=True)
    assert "Pull the roster" not in page
    synced = teacher_client.post(f"/lti/classes/{classroom.id}/roster", follow_redirects=True)
    assert "was not opened from an LMS course" in synced.get_data(as_text=True)


def test_only_the_class_teacher_may_sync(client, app, lms, quiz_link, teacher_client):
    launch(app.test_client(), lms, instructor(**quiz_link))
    classroom_id = db.session.scalar(select(LtiContext.classroom_id))
    assert teacher_client.post(f"/lti/classes/{classroom_id}/roster").status_code == 404


def test_a_roster_sync_drops_co_teachers_the_lms_no_longer_lists(client, app, lms, quiz_link):
    launch(client, lms, instructor(**quiz_link))
    for sub, name in (("teacher-2", "Sam Second"), ("teacher-3", "Tom Third")):
        spec = LaunchSpec(sub=sub, roles=[INSTRUCTOR], name=name, **quiz_link)
        launch(app.test_client(), lms, spec)
    classroom_id = db.session.scalar(select(LtiContext.classroom_id))
    lms.members = [
        member("teacher-1", "Tia Teacher", [INSTRUCTOR]),
        member("teacher-2", "Sam Second", [INSTRUCTOR], status="Inactive"),
        member("teacher-3", "Tom Third", [INSTRUCTOR]),
        member("learner-1", "Lee Learner", [LEARNER]),
    ]
    synced = client.post(f"/lti/classes/{classroom_id}/roster", follow_redirects=True)
    text = synced.get_data(as_text=True)
    assert "One co-teacher the LMS no longer lists as an instructor was removed." in text
    teachers = db.session.scalars(
        select(User.display_name).join(ClassroomTeacher, ClassroomTeacher.teacher_id == User.id)
    ).all()
    assert teachers == ["Tom Third"]
    assert "Taught by Tia Teacher, Tom Third" in text
    # A member list without any instructor says nothing about who teaches: nobody goes.
    lms.members = [member("learner-1", "Lee Learner", [LEARNER])]
    again = client.post(f"/lti/classes/{classroom_id}/roster", follow_redirects=True)
    assert "instructor was removed" not in again.get_data(as_text=True)
    assert "0 newly added" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ClassroomTeacher.id))) == 1


def test_a_large_roster_costs_one_password_hash_not_one_per_learner(
    client, lms, quiz_link, monkeypatch
):
    """A password hash takes ~0.1 s: one per new learner made a 250-learner sync outrun
    the worker's 30 s timeout, and nobody was added."""
    from quizapp.lti import mapping

    hashes: list[str] = []
    real_hash = mapping.hash_password

    def counted_hash(secret: str) -> str:
        hashes.append(secret)
        return real_hash(secret)

    monkeypatch.setattr(mapping, "hash_password", counted_hash)
    launch(client, lms, instructor(**quiz_link))
    classroom_id = db.session.scalar(select(LtiContext.classroom_id))
    hashes.clear()
    lms.members = [member(f"learner-{n}", f"Learner {n}", [LEARNER]) for n in range(40)]
    synced = client.post(f"/lti/classes/{classroom_id}/roster", follow_redirects=True)
    assert "The LMS lists 40 learners; 40 newly added" in synced.get_data(as_text=True)
    assert len(hashes) == 1
    # Nobody can sign in to such an account with a password, not even an empty one.
    account = db.session.scalars(
        select(User).join(LtiUser, LtiUser.user_id == User.id).where(LtiUser.sub == "learner-7")
    ).one()
    for password in ("", hashes[0][:5], "not-a-real-password"):
        response = client.application.test_client().post(
            "/auth/login", data={"email": account.email, "password": password}
        )
        assert response.status_code != 302


def test_a_co_teacher_whose_own_sync_drops_them_is_told_so_not_sent_to_a_404(
    client, app, lms, quiz_link
):
    launch(client, lms, instructor(**quiz_link))
    second = app.test_client()
    launch(second, lms, LaunchSpec(sub="teacher-2", roles=[INSTRUCTOR], name="Sam", **quiz_link))
    classroom_id = db.session.scalar(select(LtiContext.classroom_id))
    lms.members = [
        member("teacher-1", "Tia Teacher", [INSTRUCTOR]),
        member("teacher-2", "Sam", [INSTRUCTOR], status="Inactive"),
    ]
    synced = second.post(f"/lti/classes/{classroom_id}/roster")
    assert synced.status_code in (302, 303)
    assert f"/teach/classes/{classroom_id}" not in synced.headers["Location"]
    page = second.get(synced.headers["Location"]).get_data(as_text=True)
    assert "no longer lists you as an instructor" in page


TEACHING_ASSISTANT = (
    "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"
)


def test_a_roster_sync_keeps_a_teaching_assistant_listed_by_the_sub_role_alone(
    client, app, lms, quiz_link
):
    """A member list naming a teaching assistant by ``Instructor#TeachingAssistant``
    alone (the principal role is only best practice) read as no instructor: every sync
    took the assistant off the class they help teach."""
    launch(client, lms, instructor(**quiz_link))
    spec = LaunchSpec(sub="ta-1", roles=[TEACHING_ASSISTANT], name="Tam Assistant", **quiz_link)
    launch(app.test_client(), lms, spec)
    classroom_id = db.session.scalar(select(LtiContext.classroom_id))
    lms.members = [
        member("teacher-1", "Tia Teacher", [INSTRUCTOR]),
        member("ta-1", "Tam Assistant", [TEACHING_ASSISTANT]),
        member("learner-1", "Lee Learner", [LEARNER]),
    ]
    synced = client.post(f"/lti/classes/{classroom_id}/roster", follow_redirects=True)
    text = synced.get_data(as_text=True)
    assert "The LMS lists 1 learner; 1 newly added to the class." in text
    assert "removed" not in text
    assert "Taught by Tia Teacher, Tam Assistant" in text
