"""Roster sync with a faulty or hostile LMS: member data of the wrong type, answers that
are not a member list, too many members, a slow or endless answer, and a next page on
another host. Each is a clear message on the class page (never a 500) and changes
nothing; the access token never leaves the LMS's registered sites."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from sqlalchemy import func, select
from werkzeug.wrappers import Request, Response

from quizapp.extensions import db
from quizapp.lti import services
from quizapp.lti.models import LtiContext, LtiUser
from quizapp.models import ClassroomTeacher, Enrollment, User

from .conftest import INSTRUCTOR, LEARNER, instructor, launch, row_counts

GOOD = {"user_id": "learner-1", "name": "Lee Learner", "roles": [LEARNER], "status": "Active"}


@pytest.fixture
def classroom_id(client, lms, quiz_link) -> int:
    """The class of the LMS course, opened by its instructor (the logged-in client)."""
    launch(client, lms, instructor(**quiz_link))
    return int(db.session.scalar(select(LtiContext.classroom_id)) or 0)


def sync(client, classroom_id: int) -> str:
    response = client.post(f"/lti/classes/{classroom_id}/roster", follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def answer_json(body: Any, headers: dict[str, str] | None = None):
    def answer(request: Request) -> Response:
        return Response(json.dumps(body), content_type="application/json", headers=headers)

    return answer


ODD_MEMBERS = {
    "roles a number": ({**GOOD, "roles": 5}, "member 1's roles are not a list"),
    "roles a string": ({**GOOD, "roles": "Learner"}, "member 1's roles are not a list"),
    "roles holding numbers": ({**GOOD, "roles": [LEARNER, 5]}, "member 1's roles are not"),
    "roles missing": ({"user_id": "x", "name": "X"}, "member 1's roles are not a list"),
    "user_id an object": ({**GOOD, "user_id": {"a": 1}}, "member 1's user_id is not"),
    "user_id a number": ({**GOOD, "user_id": 42}, "member 1's user_id is not"),
    "user_id empty": ({**GOOD, "user_id": ""}, "member 1's user_id is not"),
    "user_id too long": ({**GOOD, "user_id": "u" * 256}, "member 1's user_id is not"),
    "user_id with a NUL": ({**GOOD, "user_id": "a\x00b"}, "member 1's user_id is not"),
    "user_id a lone surrogate": ({**GOOD, "user_id": "a\ud800"}, "member 1's user_id is not"),
    "status an object": ({**GOOD, "status": {"a": 1}}, "member 1's status is not text"),
    "member a string": ("learner-1", "member 1 is not an object"),
    "member null": (None, "member 1 is not an object"),
}


@pytest.mark.parametrize("entry, message", ODD_MEMBERS.values(), ids=ODD_MEMBERS)
def test_a_member_list_with_an_odd_member_is_refused_and_changes_nothing(
    client, lms, classroom_id, entry, message
):
    # The odd member comes after a good one: the good one is not enrolled either.
    lms.answers["memberships"] = answer_json({"members": [{**GOOD, "user_id": "ok"}, entry]})
    before = row_counts()
    page = sync(client, classroom_id)
    assert "The LMS&#39;s member list could not be read" in page
    assert message.replace("1", "2").replace("'", "&#39;") in page
    assert "Nothing was changed." in page
    assert row_counts() == before


ODD_ANSWERS = {
    "not JSON": lambda request: Response("<html>oops</html>", content_type="text/html"),
    "a JSON list": answer_json([GOOD]),
    "members not a list": answer_json({"members": 5}),
    "members an object": answer_json({"members": {"a": GOOD}}),
    "nested too deep": lambda request: Response("[" * 100_000 + "]" * 100_000),
}


@pytest.mark.parametrize("answer", ODD_ANSWERS.values(), ids=ODD_ANSWERS)
def test_an_answer_that_is_no_member_list_is_refused(client, lms, classroom_id, answer):
    lms.answers["memberships"] = answer
    before = row_counts()
    page = sync(client, classroom_id)
    assert "The LMS&#39;s member list could not be read" in page
    assert row_counts() == before


def test_names_and_emails_of_odd_types_are_left_out_and_the_member_joins(client, lms, classroom_id):
    lms.answers["memberships"] = answer_json(
        {
            "members": [
                {**GOOD, "user_id": "s1", "name": "Bo\x00b\ud800 Ray", "email": 12345},
                {**GOOD, "user_id": "s2", "name": ["x"], "given_name": "Kim", "email": {}},
                {**GOOD, "user_id": "s3", "name": 5, "email": "s3@school.example\x00"},
            ]
        }
    )
    assert "The LMS lists 3 learners; 3 newly added" in sync(client, classroom_id)
    rows = db.session.execute(
        select(LtiUser.sub, User.display_name, User.email)
        .join(User, User.id == LtiUser.user_id)
        .where(LtiUser.sub.in_(["s1", "s2", "s3"]))
        .order_by(LtiUser.sub)
    ).all()
    assert [(sub, name) for sub, name, _ in rows] == [
        ("s1", "Bob Ray"),
        ("s2", "Kim"),
        ("s3", "LMS user"),
    ]
    assert all(email.endswith("@lti.invalid") for _, _, email in rows)


def test_a_next_page_on_another_host_is_not_followed_and_gets_no_token(client, lms, classroom_id):
    elsewhere = lms.url.replace("127.0.0.1", "localhost") + "/memberships/course-1?from=1"
    lms.answers["memberships"] = answer_json(
        {"members": [GOOD]}, headers={"Link": f'<{elsewhere}>; rel="next"'}
    )
    before = row_counts()
    page = sync(client, classroom_id)
    assert "is not one of the LMS&#39;s registered sites" in page
    assert not [host for host, _ in lms.requests if host.startswith("localhost")]
    assert row_counts() == before


def test_a_next_page_given_as_a_relative_address_is_followed(client, lms, classroom_id):
    def paged(request: Request) -> Response:
        if request.args.get("page") == "2":
            return answer_json({"members": [{**GOOD, "user_id": "s2"}]})(request)
        return answer_json({"members": [GOOD]}, headers={"Link": '<?page=2>; rel="next"'})(request)

    lms.answers["memberships"] = paged
    assert "The LMS lists 2 learners; 2 newly added" in sync(client, classroom_id)


def test_more_members_than_quizapp_syncs_are_refused(client, lms, classroom_id, monkeypatch):
    monkeypatch.setattr(services, "MAX_MEMBERS", 3)
    members = [{**GOOD, "user_id": f"s{n}"} for n in range(4)]
    lms.answers["memberships"] = answer_json({"members": members})
    before = row_counts()
    assert "The course lists more than 3 members" in sync(client, classroom_id)
    assert row_counts() == before


def test_an_answer_too_large_is_refused(client, lms, classroom_id, monkeypatch):
    monkeypatch.setattr(services, "MAX_ANSWER_BYTES", 1000)
    lms.answers["memberships"] = answer_json({"members": [GOOD], "padding": "x" * 5000})
    assert "the LMS&#39;s answer is larger than" in sync(client, classroom_id)


def test_a_slowly_dripped_answer_is_given_up_at_the_deadline(
    client, lms, classroom_id, monkeypatch
):
    monkeypatch.setattr(services, "CALL_SECONDS", 1.0)

    def drip(request: Request) -> Response:
        def chunks():
            yield b'{"members": ['
            for _ in range(40):
                time.sleep(0.1)
                yield b" "
            yield b"]}"

        return Response(chunks(), content_type="application/json")

    lms.answers["memberships"] = drip
    started = time.monotonic()
    page = sync(client, classroom_id)
    assert "took longer than 1 s" in page
    assert time.monotonic() - started < 3.5
    assert db.session.scalar(select(Enrollment.id)) is None


def test_instructors_with_odd_roles_never_decide_who_stops_teaching(client, app, lms, quiz_link):
    from .conftest import LaunchSpec

    launch(client, lms, instructor(**quiz_link))
    launch(app.test_client(), lms, LaunchSpec(sub="teacher-2", roles=[INSTRUCTOR], **quiz_link))
    classroom_id = db.session.scalar(select(LtiContext.classroom_id))
    lms.answers["memberships"] = answer_json(
        {"members": [{"user_id": "teacher-1", "roles": INSTRUCTOR}]}
    )
    before = row_counts()
    page = sync(client, classroom_id)
    assert "member 1&#39;s roles are not a list" in page
    assert "Taught by Tia Teacher," in page
    assert row_counts() == before


def test_a_course_of_one_learner_says_so_in_the_singular(client, lms, classroom_id):
    lms.answers["memberships"] = answer_json({"members": [GOOD]})
    assert "The LMS lists 1 learner; 1 newly added to the class." in sync(client, classroom_id)


def test_a_member_list_with_more_pages_than_quizapp_reads_is_refused(
    client, app, lms, quiz_link, monkeypatch
):
    """Reading only the first pages would enrol some learners and take co-teachers listed
    on a later page for departed: the sync is refused whole instead."""
    from .conftest import LaunchSpec

    monkeypatch.setattr(services, "MAX_MEMBER_PAGES", 2)
    launch(client, lms, instructor(**quiz_link))
    launch(app.test_client(), lms, LaunchSpec(sub="teacher-2", roles=[INSTRUCTOR], **quiz_link))
    classroom_id = db.session.scalar(select(LtiContext.classroom_id))
    lms.members = [  # the platform's pages hold 2 members: the co-teacher is on page 3
        {"user_id": "teacher-1", "roles": [INSTRUCTOR]},
        {**GOOD, "user_id": "s1"},
        {**GOOD, "user_id": "s2"},
        {**GOOD, "user_id": "s3"},
        {"user_id": "teacher-2", "roles": [INSTRUCTOR]},
    ]
    before = row_counts()
    page = sync(client, classroom_id)
    assert "more than 2 pages" in page
    assert row_counts() == before
    assert db.session.scalar(select(func.count(ClassroomTeacher.id))) == 1
