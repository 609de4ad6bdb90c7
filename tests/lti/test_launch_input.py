"""LTI launches with hostile or malformed input: each one is the ordinary "launch refused"
page (never a 500), sets no cookie of the attacker's making and saves nothing."""

from __future__ import annotations

import math
import time

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti.launch import is_issued_state
from quizapp.lti.models import LtiResourceLink, LtiUser
from quizapp.models import Classroom
from quizapp.study.quizzes import MAX_QUIZ_SIZE
from tests.support.lti_platform import deep_link_request

from .conftest import LEARNER, launch, learner, row_counts, start_login


def _login_cookies(response) -> list[str]:
    return [value for value in response.headers.getlist("Set-Cookie") if "lti_login" in value]


@pytest.mark.parametrize(
    "state",
    [
        "a\r\nX-Injected: 1",
        "a; Domain=evil.example; Path=/",
        "a=b",
        "x" * 33,
        "short",
    ],
)
def test_a_posted_state_we_did_not_issue_is_refused_and_sets_no_cookie(client, lms, state):
    before = row_counts()
    response = client.post("/lti/launch", data={"id_token": "x", "state": state}, csrf=False)
    assert response.status_code == 403
    assert "quizapp could not open this link" in response.get_data(as_text=True)
    assert "X-Injected" not in response.headers
    assert _login_cookies(response) == []
    assert row_counts() == before


def test_the_states_we_issue_have_the_shape_a_launch_accepts(client, lms, quiz_link):
    request = start_login(client, lms, learner(quiz_link))
    assert is_issued_state(request["state"])


LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
IN_AN_HOUR = int(time.time()) + 3600

BAD_CLAIMS = {
    "exp 1e20": {"exp": 1e20},
    "exp 2**70": {"exp": 2**70},
    "exp infinite": {"exp": math.inf},
    "exp not a number": {"exp": math.nan},
    "exp a boolean": {"exp": True},
    "exp a string": {"exp": str(IN_AN_HOUR)},
    "exp missing": {"exp": None},
    "iat 1e20": {"iat": 1e20},
    "iat not a number": {"iat": math.nan},
    "iat minus infinity": {"iat": -math.inf},
    "nbf 1e20": {"nbf": 1e20},
    "nbf not a number": {"nbf": math.nan},
    "nbf in an hour": {"nbf": IN_AN_HOUR},
    "deployment a list": {LTI + "deployment_id": ["deployment-1"]},
    "deployment an object": {LTI + "deployment_id": {"a": 1}},
    "deployment a number": {LTI + "deployment_id": 5},
    "roles holding an object": {LTI + "roles": [{"x": 1}, LEARNER]},
    "roles holding a list": {LTI + "roles": [["Learner"]]},
    "roles holding a number": {LTI + "roles": [LEARNER, 5]},
    "sub an object": {"sub": {"a": 1}},
    "sub too long": {"sub": "s" * 256},
    "course id an object": {LTI + "context": {"id": {"a": 1}, "title": "T"}},
    "course id too long": {LTI + "context": {"id": "c" * 256, "title": "T"}},
    "link id a list": {LTI + "resource_link": {"id": ["link-1"]}},
    "link id too long": {LTI + "resource_link": {"id": "l" * 256}},
    "lineitem javascript": {AGS: {"lineitem": "javascript:alert(1)"}},
    "lineitem too long": {AGS: {"lineitem": "https://lms.example/" + "l" * 500}},
    "lineitem a number": {AGS: {"lineitem": 5}},
    "lineitem unclosed IPv6": {AGS: {"lineitem": "http://[::1"}},
    "roster url data": {NRPS: {"context_memberships_url": "data:text/plain,x"}},
    "roster url a list": {NRPS: {"context_memberships_url": ["https://lms.example/m"]}},
}


@pytest.mark.parametrize("changes", BAD_CLAIMS.values(), ids=BAD_CLAIMS.keys())
def test_a_signed_claim_of_the_wrong_type_or_range_is_refused(client, lms, quiz_link, changes):
    before = row_counts()
    response = launch(client, lms, learner(quiz_link), **changes)
    assert response.status_code == 403, response.get_data(as_text=True)
    assert "quizapp could not open this link" in response.get_data(as_text=True)
    assert row_counts() == before
    assert "Log out" not in client.get("/").get_data(as_text=True)


def test_a_content_picking_request_whose_data_is_not_a_string_is_refused(client, lms):
    settings = {"deep_link_return_url": f"{lms.url}/deep-link-return", "data": {"x": [1]}}
    before = row_counts()
    response = launch(client, lms, deep_link_request(), **{DEEP_LINKING: settings})
    assert response.status_code == 403
    assert "data is not a string" in response.get_data(as_text=True)
    assert row_counts() == before


@pytest.mark.parametrize("size", ["²", "٣", "9" * 5000, "0", "201", "-3", " 3", "3.0"])
def test_a_quiz_size_that_is_not_1_to_200_in_ascii_digits_opens_the_bank_for_study(
    client, lms, quiz_link, size
):
    spec = learner(quiz_link)
    spec.custom = {"quizapp_bank": "lti-bank", "quizapp_quiz_size": size}
    response = launch(client, lms, spec)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/study/?bank=lti-bank"


def test_quiz_sizes_are_read_from_ascii_digits_within_the_quiz_bounds(app):
    # Imported once the app is made: lti.mapping and the teach package import each other.
    from quizapp.lti.mapping import quiz_size

    assert quiz_size({"quizapp_quiz_size": str(MAX_QUIZ_SIZE + 1)}) is None
    assert [quiz_size({"quizapp_quiz_size": raw}) for raw in ("1", str(MAX_QUIZ_SIZE), "007")] == [
        1,
        MAX_QUIZ_SIZE,
        7,
    ]
    assert quiz_size({"quizapp_quiz_size": "²"}) is None
    assert quiz_size({}) is None


def test_names_emails_and_titles_of_another_type_are_left_out(client, lms, quiz_link):
    changes = {
        "name": {"a": 1},
        "given_name": 5,
        "family_name": ["x"],
        "email": ["lee@school.example"],
        LTI + "context": {"id": "course-1", "title": {"t": 1}, "label": 7},
        LTI + "custom": {"quizapp_bank": "lti-bank", "quizapp_quiz_size": 3, "other": None},
    }
    response = launch(client, lms, learner(quiz_link), **changes)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"] == "/study/?bank=lti-bank"  # the number 3 is no size
    user = db.session.scalars(select(LtiUser).where(LtiUser.sub == "learner-1")).one().user
    assert user.display_name == "LMS user"
    assert user.email.endswith("@lti.invalid")
    assert db.session.scalars(select(Classroom)).one().name == "LMS course"


LONE_SURROGATE = "\ud800"


def test_a_name_email_or_course_title_with_a_lone_surrogate_or_nul_is_mended_or_left_out(
    client, lms, quiz_link
):
    changes = {
        "name": f"Lee{LONE_SURROGATE} Learner\x00",
        "email": f"lee{LONE_SURROGATE}@school.example",
        LTI + "context": {"id": "course-1", "title": f"History{LONE_SURROGATE} 101\x00"},
    }
    response = launch(client, lms, learner(quiz_link), **changes)
    assert response.status_code == 302, response.get_data(as_text=True)
    user = db.session.scalars(select(LtiUser).where(LtiUser.sub == "learner-1")).one().user
    assert user.display_name == "Lee Learner"
    assert user.email.endswith("@lti.invalid")  # an email is used as sent, or not at all
    assert db.session.scalars(select(Classroom)).one().name == "History 101"
    assert client.get(response.headers["Location"]).status_code == 200


BROKEN_TEXT = {
    "sub": {"sub": f"learner{LONE_SURROGATE}"},
    "sub with NUL": {"sub": "learner\x00"},
    "course id": {LTI + "context": {"id": f"course{LONE_SURROGATE}", "title": "T"}},
    "link id": {LTI + "resource_link": {"id": "link\x00"}},
    "lineitem": {AGS: {"lineitem": f"https://lms.example/items/{LONE_SURROGATE}"}},
    "roster url": {NRPS: {"context_memberships_url": "https://lms.example/m\x00"}},
    "bank slug": {LTI + "custom": {"quizapp_bank": f"lti-bank{LONE_SURROGATE}"}},
}


@pytest.mark.parametrize("changes", BROKEN_TEXT.values(), ids=BROKEN_TEXT.keys())
def test_an_identifier_or_address_with_a_lone_surrogate_or_nul_is_refused(
    client, lms, quiz_link, changes
):
    before = row_counts()
    response = launch(client, lms, learner(quiz_link), **changes)
    assert response.status_code == 403, response.get_data(as_text=True)
    assert "quizapp could not open this link" in response.get_data(as_text=True)
    assert row_counts() == before


@pytest.mark.parametrize(
    "settings",
    [
        {"deep_link_return_url": "RETURN/" + LONE_SURROGATE, "data": "x"},
        {"deep_link_return_url": "RETURN", "data": "opaque" + LONE_SURROGATE},
    ],
    ids=["return address", "data"],
)
def test_a_content_picking_request_with_a_lone_surrogate_is_refused(client, lms, settings):
    settings = {
        key: value.replace("RETURN", f"{lms.url}/deep-link-return")
        for key, value in settings.items()
    }
    before = row_counts()
    response = launch(client, lms, deep_link_request(), **{DEEP_LINKING: settings})
    assert response.status_code == 403, response.get_data(as_text=True)
    assert row_counts() == before


OFF_SITE_SERVICES = {
    "lineitem on a cloud metadata address": {
        AGS: {"lineitem": "http://169.254.169.254/latest/meta-data/x", "scope": []}
    },
    "lineitem on the LMS's host by another name": {
        AGS: {"lineitem": "http://localhost:1/lineitems/item1", "scope": []}
    },
    "roster on another site": {NRPS: {"context_memberships_url": "https://evil.example/m"}},
    "roster on another port of the LMS's host": {
        NRPS: {"context_memberships_url": "http://127.0.0.1:1/memberships/course-1"}
    },
}


@pytest.mark.parametrize("changes", OFF_SITE_SERVICES.values(), ids=OFF_SITE_SERVICES)
def test_a_service_address_off_the_lms_registered_sites_is_refused(client, lms, quiz_link, changes):
    before = row_counts()
    response = launch(client, lms, learner(quiz_link), **changes)
    assert response.status_code == 403, response.get_data(as_text=True)
    page = response.get_data(as_text=True)
    assert "address is on another site" in page
    assert "flask lti register --frame-origin" in page
    assert row_counts() == before


def test_a_service_address_on_the_registered_frame_origin_is_accepted(client, lms, quiz_link):
    from quizapp.lti.registration import register_platform

    register_platform(**lms.registration(), frame_origin="https://school.example")
    line_item = "https://school.example/api/lti/courses/1/line_items/7"
    response = launch(client, lms, learner(quiz_link), **{AGS: {"lineitem": line_item}})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.scalar(select(LtiResourceLink.line_item_url)) == line_item
