"""Deep linking: an instructor picks a bank or a quiz and the LMS receives a signed
LtiResourceLinkItem with a line item; a learner launching that link gets the quiz."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti.registration import register_platform
from quizapp.models import QuizAttempt
from tests.support.factories import make_user
from tests.support.lti_platform import deep_link_request
from tests.support.study_fixtures import make_study_bank

from .conftest import launch, learner, row_counts

RETURN_FORM = re.compile(r'<form method="post" action="([^"]+)" id="lti-return">')
JWT_FIELD = re.compile(r'name="JWT" value="([^"]+)"')


def pick(client, lms, **choice):
    picker = launch(client, lms, deep_link_request())
    assert picker.status_code == 200, picker.get_data(as_text=True)
    return picker, client.post("/lti/deep-link", data=choice)


def test_an_instructor_picks_a_quiz_and_the_lms_gets_a_link_with_a_line_item(client, lms):
    bank = make_study_bank(facts=4, slug="dl-bank", title="DL bank")
    picker, answer = pick(client, lms, bank_id=str(bank.id), kind="quiz", quiz_size="3")
    assert "DL bank" in picker.get_data(as_text=True)
    assert f"frame-ancestors {lms.url}" in picker.headers["Content-Security-Policy"]
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    action = RETURN_FORM.search(page).group(1)
    assert action == f"{lms.url}/deep-link-return"
    assert f"form-action 'self' {lms.url}" in answer.headers["Content-Security-Policy"]
    received = httpx.post(action, data={"JWT": JWT_FIELD.search(page).group(1)})
    assert received.status_code == 200, received.text
    [item] = lms.deep_link_items
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == "http://localhost/lti/launch"
    assert item["custom"] == {"quizapp_bank": "dl-bank", "quizapp_quiz_size": "3"}
    assert item["lineItem"]["scoreMaximum"] == 3
    # The learner's launch of that link opens a 3-question quiz graded into the column.
    spec = learner({"custom": item["custom"], "line_item": item["platform_line_item"]})
    response = launch(client, lms, spec)
    attempt = db.session.scalars(select(QuizAttempt)).one()
    assert response.headers["Location"] == f"/quiz/{attempt.id}"
    assert len(attempt.question_ids) == 3


def test_a_study_link_has_no_line_item(client, lms):
    bank = make_study_bank(facts=2, slug="study-bank", title="Study bank")
    _, answer = pick(client, lms, bank_id=str(bank.id), kind="study", quiz_size="10")
    page = answer.get_data(as_text=True)
    httpx.post(RETURN_FORM.search(page).group(1), data={"JWT": JWT_FIELD.search(page).group(1)})
    [item] = lms.deep_link_items
    assert item["custom"] == {"quizapp_bank": "study-bank"}
    assert "lineItem" not in item


@pytest.mark.parametrize("quiz_size", ["", "0"])
def test_a_study_link_ignores_the_quiz_size_box(client, lms, quiz_size):
    """The quiz size is a graded quiz's: left empty or 0, it does not hold up Study."""
    bank = make_study_bank(facts=2, slug="study-bank", title="Study bank")
    _, answer = pick(client, lms, bank_id=str(bank.id), kind="study", quiz_size=quiz_size)
    page = answer.get_data(as_text=True)
    assert RETURN_FORM.search(page), page
    assert "Number must be between" not in page


def test_a_quiz_link_still_needs_its_size(client, lms):
    bank = make_study_bank(facts=2, slug="quiz-bank", title="Quiz bank")
    _, answer = pick(client, lms, bank_id=str(bank.id), kind="quiz", quiz_size="")
    assert RETURN_FORM.search(answer.get_data(as_text=True)) is None


def test_the_picker_offers_built_in_and_own_banks_only(client, lms):
    other = make_user(email="other-teacher@example.org", role="teacher")
    make_study_bank(facts=1, owner=other, slug="not-yours", title="Not yours")
    make_study_bank(facts=1, slug="shared", title="Shared bank")
    picker = launch(client, lms, deep_link_request())
    page = picker.get_data(as_text=True)
    assert "Shared bank" in page
    assert "Not yours" not in page
    hidden = db.session.scalar(select(QuizAttempt.id))  # nothing started by picking
    assert hidden is None


def test_a_learner_cannot_pick_content(client, lms):
    before = row_counts()
    spec = deep_link_request()
    spec.roles = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]
    response = launch(client, lms, spec)
    assert response.status_code == 403
    assert "Only an instructor" in response.get_data(as_text=True)
    assert row_counts() == before


def test_the_choice_needs_the_lms_request_in_the_session(client, teacher_client, teacher):
    bank = make_study_bank(facts=1, owner=teacher)
    response = teacher_client.post("/lti/deep-link", data={"bank_id": str(bank.id)})
    assert response.status_code == 400
    assert "content picker from the LMS again" in response.get_data(as_text=True)


DEEP_LINKING = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


def _asking_to_return_to(url: object) -> dict[str, object]:
    settings = {"deep_link_return_url": url, "accept_types": ["ltiResourceLink"]}
    return {DEEP_LINKING: settings | {"data": "platform-opaque-data"}}


@pytest.mark.parametrize(
    "return_url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "http://[::1",
        "ftp://lms.example/return",
        "https://user@evil.example/return",
        "https://evil.example/steal",
        ["https://evil.example/steal"],
        "https://lms.example/" + "r" * 2000,
    ],
)
def test_a_return_address_off_the_lms_is_refused_before_the_picker_opens(client, lms, return_url):
    make_study_bank(facts=1, slug="shared", title="Shared bank")
    before = row_counts()
    picker = launch(client, lms, deep_link_request(), **_asking_to_return_to(return_url))
    assert picker.status_code == 403
    page = picker.get_data(as_text=True)
    assert "quizapp could not open this link" in page
    assert "return" in page
    assert row_counts() == before
    answer = client.post("/lti/deep-link", data={"bank_id": "1", "kind": "study"})
    assert answer.status_code in (303, 400)  # signed out, or no pending request: never a post
    assert "lti-return" not in answer.get_data(as_text=True)


def test_a_return_address_on_the_lms_pages_origin_is_accepted(client, app, lms):
    register_platform(**lms.registration(), frame_origin="https://school.lms.example")
    picker = launch(
        client,
        lms,
        deep_link_request(),
        **_asking_to_return_to("https://school.lms.example/courses/1/deep_linking_response"),
    )
    assert picker.status_code == 200, picker.get_data(as_text=True)


@pytest.mark.parametrize("accepted", [["file", "html"], "ltiResourceLink", [], {"x": 1}])
def test_a_request_for_content_quizapp_does_not_make_is_refused_before_the_picker(
    client, lms, accepted
):
    make_study_bank(facts=1, slug="shared", title="Shared bank")
    before = row_counts()
    settings = {"deep_link_return_url": f"{lms.url}/deep-link-return", "accept_types": accepted}
    picker = launch(client, lms, deep_link_request(), **{DEEP_LINKING: settings})
    assert picker.status_code == 403
    assert "another kind of content" in picker.get_data(as_text=True)
    assert row_counts() == before


def test_an_lms_that_takes_no_line_item_gets_a_quiz_link_without_one(client, lms):
    bank = make_study_bank(facts=4, slug="dl-bank", title="DL bank")
    settings = {
        "deep_link_return_url": f"{lms.url}/deep-link-return",
        "accept_types": ["ltiResourceLink"],
        "accept_lineitem": False,
        "data": "platform-opaque-data",
    }
    launch(client, lms, deep_link_request(), **{DEEP_LINKING: settings})
    answer = client.post(
        "/lti/deep-link", data={"bank_id": str(bank.id), "kind": "quiz", "quiz_size": "3"}
    )
    page = answer.get_data(as_text=True)
    httpx.post(RETURN_FORM.search(page).group(1), data={"JWT": JWT_FIELD.search(page).group(1)})
    [item] = lms.deep_link_items
    assert item["custom"] == {"quizapp_bank": "dl-bank", "quizapp_quiz_size": "3"}
    assert "lineItem" not in item
