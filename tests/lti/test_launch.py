"""LTI launches: a learner and an instructor get in; every bad launch is refused with a
clear page and creates nothing."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from joserfc.jwk import RSAKey
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti.launch import LOGIN_COOKIE_PREFIX, MAX_PENDING_LOGINS
from quizapp.lti.models import LtiNonce, LtiResourceLink, LtiUser
from quizapp.models import Enrollment, QuizAttempt, User
from tests.support.factories import make_user
from tests.support.study_fixtures import make_study_bank

from .conftest import (
    INSTRUCTOR,
    LaunchSpec,
    launch,
    learner,
    post_launch,
    row_counts,
    start_login,
)

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


def test_a_learner_launch_signs_in_enrols_and_opens_the_quiz(client, lms, quiz_link):
    response = launch(client, lms, learner(quiz_link, email="lee@school.example"))
    assert response.status_code == 302, response.get_data(as_text=True)
    attempt = db.session.scalars(select(QuizAttempt)).one()
    assert response.headers["Location"] == f"/quiz/{attempt.id}"
    user = db.session.scalars(select(User).where(User.id == attempt.user_id)).one()
    assert (user.display_name, user.email, user.role) == (
        "Lee Learner",
        "lee@school.example",
        "student",
    )
    assert len(attempt.question_ids) == 3
    classroom = attempt.assignment.classroom
    assert classroom.name == "History 101"
    assert [e.student_id for e in classroom.enrollments] == [user.id]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert f"frame-ancestors {lms.url}" in page.headers["Content-Security-Policy"]


def test_a_second_launch_uses_the_same_account_class_and_attempt(client, lms, quiz_link):
    first = launch(client, lms, learner(quiz_link))
    counts = row_counts()
    second = launch(client, lms, learner(quiz_link))
    assert second.headers["Location"] == first.headers["Location"]
    assert row_counts() == counts


def test_an_email_already_taken_is_not_linked(client, lms, quiz_link):
    owner = make_user(email="lee@school.example")
    launch(client, lms, learner(quiz_link, email="lee@school.example"))
    linked = db.session.scalars(select(LtiUser).where(LtiUser.sub == "learner-1")).one()
    assert linked.user_id != owner.id
    assert linked.user.email.endswith("@lti.invalid")


def test_an_instructor_launch_makes_a_teacher_who_owns_the_class(client, lms, quiz_link):
    launch(client, lms, learner(quiz_link))  # a learner came first: the class exists
    spec = LaunchSpec(sub="teacher-1", roles=[INSTRUCTOR], name="Tia Teacher", **quiz_link)
    response = launch(client, lms, spec)
    teacher = db.session.scalars(select(User).where(User.display_name == "Tia Teacher")).one()
    assert teacher.role == "teacher"
    attempt = db.session.scalars(select(QuizAttempt)).one()
    assert attempt.assignment.classroom.teacher_id == teacher.id
    assert response.headers["Location"] == f"/teach/classes/{attempt.assignment.classroom_id}"
    assert client.get(response.headers["Location"]).status_code == 200


def _refused(client, response, message: str, before: dict[str, int]) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 403)
    assert "quizapp could not open this link" in page
    assert message in page
    assert row_counts() == before
    assert client.get("/").status_code == 200
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_a_token_signed_with_another_key_is_refused(client, lms, quiz_link):
    before = row_counts()
    forged = RSAKey.generate_key(2048, parameters={"kid": "platform-key-1"}, private=True)
    response = launch(client, lms, learner(quiz_link), _key=forged)
    _refused(client, response, "signature does not verify", before)


def test_an_expired_token_is_refused(client, lms, quiz_link):
    before = row_counts()
    past = int(time.time()) - 3600
    response = launch(client, lms, learner(quiz_link), exp=past, iat=past - 300)
    _refused(client, response, "has expired", before)


def test_a_replayed_token_is_refused(client, lms, quiz_link):
    spec = learner(quiz_link)
    request = start_login(client, lms, spec)
    token = lms.id_token(spec, request["nonce"])
    assert post_launch(client, token, request["state"]).status_code == 302
    client.post("/auth/logout")
    before = row_counts()
    # The state cookie was spent by the first launch: replaying needs a fresh login too.
    again = start_login(client, lms, spec)
    replay = post_launch(client, token, request["state"])
    _refused(client, replay, "did not keep quizapp", before)
    client.set_cookie(f"lti_login_{request['state']}", "", path="/lti/")
    replay_with_new_state = post_launch(client, token, again["state"])
    _refused(client, replay_with_new_state, "nonce", before)


def _login_cookies_sent(response) -> set[str]:
    """The login cookies the browser sent with the request ``response`` answered."""
    sent = response.request.headers.get("Cookie", "").split("; ")
    return {pair.split("=", 1)[0] for pair in sent if pair.startswith(LOGIN_COOKIE_PREFIX)}


def test_a_page_starting_logins_without_end_leaves_only_the_newest_few_waiting(
    client, lms, quiz_link
):
    """Every login left a 10-minute cookie for the launch address, so a page that made the
    browser start log-ins over and over grew the launch's headers until servers refused
    them. Only the newest few logins wait now; the newest still launches."""
    spec = learner(quiz_link)
    logins = [start_login(client, lms, spec) for _ in range(MAX_PENDING_LOGINS + 20)]
    oldest, newest = logins[0], logins[-1]
    before = row_counts()
    stale = post_launch(client, lms.id_token(spec, oldest["nonce"]), oldest["state"])
    _refused(client, stale, "did not keep quizapp", before)

    response = post_launch(client, lms.id_token(spec, newest["nonce"]), newest["state"])
    assert response.status_code == 302, response.get_data(as_text=True)
    waiting = logins[-MAX_PENDING_LOGINS:]
    assert _login_cookies_sent(response) == {LOGIN_COOKIE_PREFIX + w["state"] for w in waiting}


def test_a_login_cookie_that_is_not_ours_or_expired_goes_at_the_next_login(client, lms, quiz_link):
    leftover = LOGIN_COOKIE_PREFIX + "A" * 32
    client.set_cookie(leftover, "changed-or-expired", path="/lti/")
    start_login(client, lms, learner(quiz_link))
    assert client.get_cookie(leftover, path="/lti/") is None


def test_a_replayed_nonce_is_refused_even_in_the_browser_that_started_it(client, lms, quiz_link):
    spec = learner(quiz_link)
    request = start_login(client, lms, spec)
    token = lms.id_token(spec, request["nonce"])
    cookie = client.get_cookie(f"lti_login_{request['state']}", path="/lti/")
    assert post_launch(client, token, request["state"]).status_code == 302
    client.post("/auth/logout")
    before = row_counts()
    client.set_cookie(cookie.key, cookie.value, path="/lti/")
    _refused(client, post_launch(client, token, request["state"]), "already used", before)


def test_an_unknown_deployment_is_refused(client, lms, quiz_link):
    before = row_counts()
    response = launch(client, lms, learner(quiz_link), **{LTI + "deployment_id": "other"})
    _refused(client, response, "deployment", before)


def test_a_token_for_another_tool_is_refused(client, lms, quiz_link):
    before = row_counts()
    response = launch(client, lms, learner(quiz_link), aud="another-tool", azp="another-tool")
    _refused(client, response, "meant for another tool", before)


def test_a_launch_without_roles_is_refused(client, lms, quiz_link):
    before = row_counts()
    response = launch(client, lms, learner(quiz_link), **{LTI + "roles": None})
    _refused(client, response, "neither Learner nor Instructor", before)


def test_a_launch_from_another_browser_is_refused(client, app, lms, quiz_link):
    spec = learner(quiz_link)
    request = start_login(client, lms, spec)
    other_browser = app.test_client()
    before = row_counts()
    token = lms.id_token(spec, request["nonce"])
    _refused(other_browser, post_launch(other_browser, token, request["state"]), "cookie", before)


def test_a_wrong_issuer_or_version_is_refused(client, lms, quiz_link):
    before = row_counts()
    _refused(
        client,
        launch(client, lms, learner(quiz_link), iss="https://evil.example"),
        "issuer",
        before,
    )
    _refused(
        client, launch(client, lms, learner(quiz_link), **{LTI + "version": "1.1"}), "1.3.0", before
    )


def test_a_link_to_another_teachers_private_bank_is_refused(client, lms, quiz_link):
    other = make_user(email="other-teacher@example.org", role="teacher")
    private = make_study_bank(facts=2, owner=other, slug="private-bank")
    before = row_counts()
    spec = learner(quiz_link)
    spec.custom = {"quizapp_bank": private.slug, "quizapp_quiz_size": "2"}
    _refused(client, launch(client, lms, spec), "does not name a question bank", before)


def test_a_learner_keeps_a_study_link_in_study(client, lms, quiz_link):
    spec = learner(quiz_link)
    spec.custom = {"quizapp_bank": "lti-bank"}
    response = launch(client, lms, spec)
    assert response.headers["Location"] == "/study/?bank=lti-bank"
    assert db.session.scalars(select(Enrollment)).one()
    assert client.get("/study/?bank=lti-bank").status_code == 200


def test_a_study_link_to_a_bank_with_a_korean_address_opens_it(client, lms, quiz_link):
    make_study_bank(facts=2, slug="탈북민-어휘-t9", title="탈북민 어휘")
    spec = learner(quiz_link)
    spec.custom = {"quizapp_bank": "탈북민-어휘-t9"}
    response = launch(client, lms, spec)
    location = response.headers["Location"]
    assert location == "/study/?bank=" + quote("탈북민-어휘-t9")
    page = client.get(location)
    assert page.status_code == 200 and "탈북민 어휘" in page.get_data(as_text=True)


def test_expired_nonces_are_dropped(client, lms, quiz_link):
    launch(client, lms, learner(quiz_link))
    nonce = db.session.scalars(select(LtiNonce)).one()
    nonce.expires_at = nonce.expires_at - timedelta(hours=1)
    db.session.commit()
    client.post("/auth/logout")
    launch(client, lms, learner(quiz_link))
    assert len(db.session.scalars(select(LtiNonce)).all()) == 1


def test_a_link_of_one_course_launched_from_another_course_is_refused(app, client, lms, quiz_link):
    """The LMS names a link once per deployment; a launch naming it from another course
    (a copied course, a faulty LMS) must not open the first course's quiz, nor send that
    course's scores to its own gradebook column."""
    launch(client, lms, learner(quiz_link))
    client.post("/auth/logout")
    other_item = lms.add_line_item(3, "Course 2 quiz")
    spec = learner(
        {**quiz_link, "line_item": other_item},
        sub="learner-2",
        context_id="course-2",
        context_title="History 102",
    )
    before = row_counts()
    _refused(client, launch(client, lms, spec), "belongs to another course", before)
    link = db.session.scalars(select(LtiResourceLink)).one()
    assert link.line_item_url == lms.line_item_url(quiz_link["line_item"])


LEARNER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTITUTION_ADMIN = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"


def test_a_school_administrator_who_is_a_learner_in_the_course_joins_as_a_learner(
    client, lms, quiz_link
):
    """Canvas and Moodle send an institution Administrator role on every launch of an
    account admin: in a course they take as a Learner, they are a learner (no co-teacher
    seat, no classmates' emails); the course role decides."""
    spec = LaunchSpec(
        sub="admin-1", roles=[INSTITUTION_ADMIN, LEARNER_ROLE], name="Ada", **quiz_link
    )
    response = launch(client, lms, spec)
    assert response.status_code == 302, response.get_data(as_text=True)
    attempt = db.session.scalars(select(QuizAttempt)).one()
    assert response.headers["Location"] == f"/quiz/{attempt.id}"
    user = db.session.get(User, attempt.user_id)
    assert user.role == "student"


def test_a_school_administrator_with_no_course_role_opens_it_as_a_teacher(client, lms, quiz_link):
    response = launch(
        client, lms, LaunchSpec(sub="admin-1", roles=[INSTITUTION_ADMIN], name="Ada", **quiz_link)
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/teach/classes/")


def test_a_name_and_email_the_lms_shares_later_replace_the_placeholders(client, lms, quiz_link):
    """An LMS that shared no name at first (or a roster pulled before names were shared)
    made "LMS user" with a placeholder address; once a launch carries the real ones, the
    account takes them, so the teacher can tell students apart."""

    def as_lee(name: str, email: str) -> LaunchSpec:
        return LaunchSpec(sub="lee", roles=[LEARNER_ROLE], name=name, email=email, **quiz_link)

    launch(client, lms, as_lee("", ""))
    user = db.session.scalars(select(User).where(User.role == "student")).one()
    assert user.display_name == "LMS user" and user.email.endswith("@lti.invalid")
    client.post("/auth/logout")
    launch(client, lms, as_lee("Lee Learner", "lee@school.example"))
    db.session.expire_all()
    assert (user.display_name, user.email) == ("Lee Learner", "lee@school.example")
    # A name of their own is never overwritten by a later launch.
    client.post("/auth/logout")
    launch(client, lms, as_lee("Someone Else", "else@school.example"))
    db.session.expire_all()
    assert (user.display_name, user.email) == ("Lee Learner", "lee@school.example")


def test_two_courses_of_one_title_give_one_teacher_two_classes_told_apart(client, lms, quiz_link):
    """A Moodle course copied from year to year keeps its full name: the same instructor
    opening both gets two classes their list can tell apart."""
    from quizapp.models import Classroom

    from .conftest import instructor

    for course in ("course-1", "course-2", "course-3"):
        launch(client, lms, instructor(context_id=course, resource_link_id=course, **quiz_link))
    names = db.session.scalars(select(Classroom.name).order_by(Classroom.id)).all()
    assert names == ["History 101", "History 101 (2)", "History 101 (3)"]


def test_two_study_links_of_one_bank_open_the_one_study_assignment(client, lms, quiz_link):
    """A teacher puts the same bank in the course twice for study (week 1 and the revision
    week): the class keeps one study assignment of it, as the class page's own form does,
    so students neither see the bank twice nor get two daily budgets of its new facts."""
    first, second = learner(quiz_link), learner(quiz_link, resource_link_id="link-2")
    first.custom = second.custom = {"quizapp_bank": "lti-bank"}
    assert launch(client, lms, first).headers["Location"] == "/study/?bank=lti-bank"
    assert launch(client, lms, second).headers["Location"] == "/study/?bank=lti-bank"
    links = db.session.scalars(select(LtiResourceLink).order_by(LtiResourceLink.id)).all()
    assert [link.resource_link_id for link in links] == ["link-1", "link-2"]
    assert len({link.assignment_id for link in links}) == 1
    assert row_counts()["assignments"] == 1


def test_two_quiz_links_of_one_bank_stay_two_quizzes(client, lms, quiz_link):
    """A bank may be set as a quiz more than once (this week's, next week's)."""
    launch(client, lms, learner(quiz_link))
    launch(client, lms, learner(quiz_link, resource_link_id="link-2"))
    assert row_counts()["assignments"] == 2
    assert row_counts()["quiz_attempts"] == 2


MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"


@pytest.mark.parametrize(
    ("sub_role", "opens"),
    [
        (MEMBERSHIP + "/Instructor#TeachingAssistant", "/teach/classes/"),
        (MEMBERSHIP + "/Instructor#PrimaryInstructor", "/teach/classes/"),
        (MEMBERSHIP + "/ContentDeveloper#ContentDeveloper", "/teach/classes/"),
        (MEMBERSHIP + "/Administrator#Administrator", "/teach/classes/"),
        (MEMBERSHIP + "/Learner#Learner", "/quiz/"),
        (MEMBERSHIP + "/Learner#NonCreditLearner", "/quiz/"),
    ],
)
def test_a_course_sub_role_sent_without_its_principal_role_counts_as_that_role(
    client, lms, quiz_link, sub_role, opens
):
    """The LTI role vocabulary makes "Instructor#TeachingAssistant" a kind of Instructor
    and only asks an LMS, as best practice, to send the principal role beside it; a
    teaching assistant whose LMS sends the sub-role alone was refused as "neither Learner
    nor Instructor"."""
    response = launch(client, lms, LaunchSpec(sub="ta-1", roles=[sub_role], **quiz_link))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].startswith(opens)


def test_a_mentor_or_an_unknown_sub_role_is_still_neither_learner_nor_instructor(
    client, lms, quiz_link
):
    for number, role in enumerate([MEMBERSHIP + "#Mentor", MEMBERSHIP + "/Mentor#Advisor"]):
        spec = LaunchSpec(sub=f"mentor-{number}", roles=[role], **quiz_link)
        response = launch(client, lms, spec)
        assert response.status_code == 403
        assert "neither Learner nor Instructor" in response.get_data(as_text=True)


def test_an_unknown_deployment_is_named_so_the_administrator_can_register_it(
    client, lms, quiz_link
):
    """Moodle makes a new deployment id each time the tool is added to a course (the
    site's tool, then a course's own): the refusal said only "This deployment of the tool
    is not registered", and neither the page nor the log said which one to register."""
    response = launch(client, lms, learner(quiz_link), **{LTI + "deployment_id": "2"})
    assert response.status_code == 403
    text = response.get_data(as_text=True)
    assert "(deployment id 2)" in text
    assert "--deployment-id 2" in text


def test_an_unregistered_lms_is_named_so_the_administrator_can_register_it(client, lms, quiz_link):
    hint = lms.add_launch(learner(quiz_link))
    params = lms.login_params(hint) | {"iss": "https://moodle.school.example", "client_id": "Ab1"}
    response = client.get("/lti/login", query_string=params)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "https://moodle.school.example" in text and "client id Ab1" in text


def test_a_launch_from_an_lms_whose_clock_is_behind_says_so(client, lms, quiz_link):
    """Moodle's id_token lives 60 seconds: with its clock three minutes behind, every
    launch was refused as "expired: open the link again", and opening it again failed the
    same way. A token made for this very log-in (its nonce) but stamped before the log-in
    began can only come from a clock that is behind."""
    before = row_counts()
    behind = int(time.time()) - 200
    response = launch(client, lms, learner(quiz_link), iat=behind, exp=behind + 60)
    _refused(client, response, "clock is about 3 minutes behind", before)
    assert "expired: open the link again" not in response.get_data(as_text=True)
