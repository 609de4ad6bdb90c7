"""Inside an LMS: the test platform (tests/support/lti_platform.py) frames quizapp in an iframe.
An instructor deep-links a 3-question quiz; a learner launches it from the course page,
takes it inside the iframe, and the platform receives exactly one score, the right one."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from flask import Flask
from playwright.sync_api import Frame, Page, expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti.models import LtiResourceLink
from quizapp.lti.outbox import queue_score, send_due_scores
from quizapp.lti.registration import register_platform
from quizapp.models import User
from quizapp.timeutil import now_utc
from tests.support.factories import make_attempt
from tests.support.lti_platform import (
    INSTRUCTOR,
    LEARNER,
    LaunchSpec,
    TestPlatform,
    deep_link_request,
)
from tests.support.study_fixtures import make_study_bank

from .harness import LiveServer
from .helpers import PageVisits
from .learners import ClickingLearner, finish_quiz

pytestmark = pytest.mark.browser


@pytest.fixture
def lms(app: Flask, app_server: LiveServer) -> Iterator[TestPlatform]:
    """The test platform on its own loopback port, registered with the live app."""
    platform = TestPlatform()
    platform.tool_login_url = app_server.url + "/lti/login"
    platform.tool_launch_url = app_server.url + "/lti/launch"
    platform.tool_jwks = lambda: httpx.get(app_server.url + "/lti/jwks", timeout=10).json()
    platform.start()
    register_platform(**platform.registration())
    try:
        yield platform
    finally:
        platform.stop()


def tool_frame(page: Page) -> Frame:
    """The iframe in which the LMS course page shows quizapp."""
    handle = page.locator("#tool").element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


def expect_the_picker(page: Page | Frame) -> None:
    """The content picker is shown (in the LMS's frame or a window of its own)."""
    expect(page.get_by_role("heading", name="Add quizapp content to your course")).to_be_visible()


def no_visit(*_args: Any) -> None:
    """Pages inside the LMS's frame are scanned where they are tested on their own."""


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_quiz_linked_in_the_lms_is_taken_in_its_frame_and_graded_once(
    make_page: Callable[..., Page], lms: TestPlatform
) -> None:
    make_study_bank(facts=4, kinds=("multiple_choice", "true_false"), title="Defectors' Day")

    # The instructor adds a 3-question quiz with the content picker, inside the LMS.
    teacher = make_page("instructor")
    hint = lms.add_launch(deep_link_request())
    teacher.goto(f"{lms.url}/course/{hint}")
    picker = tool_frame(teacher)
    expect_the_picker(picker)
    picker.get_by_label("Question bank").select_option(label="Defectors' Day")
    picker.get_by_label("A graded quiz").check()
    picker.get_by_label("Questions in the quiz").fill("3")
    picker.get_by_role("button", name="Add to the course").click()
    expect(picker.locator("#added")).to_have_text("Added: Defectors' Day: quiz of 3")
    [item] = lms.deep_link_items

    # A learner opens it from the course page and takes it inside the frame.
    student = make_page("learner")
    hint = lms.add_launch(
        LaunchSpec(
            sub="learner-1",
            roles=[LEARNER],
            name="Lee Learner",
            custom=item["custom"],
            line_item=item["platform_line_item"],
        )
    )
    student.goto(f"{lms.url}/course/{hint}")
    quiz = tool_frame(student)
    expect(quiz.get_by_role("main").get_by_role("status")).to_have_text(
        re.compile(r"^Question 1 of 3$")
    )
    answers = finish_quiz(quiz, ClickingLearner(), no_visit, wrong={2})  # type: ignore[arg-type]
    assert [answer.right for answer in answers] == [True, False, True]
    expect(quiz.get_by_text("Score: 2 / 3")).to_be_visible()

    # The score reaches the gradebook column once.
    wait_for(lambda: len(lms.scores) >= 1)
    time.sleep(1)  # a second post would have arrived by now
    assert [(s.line_item, s.body["userId"], s.body["scoreGiven"], s.body["scoreMaximum"])
            for s in lms.scores] == [(item["platform_line_item"], "learner-1", 2, 3)]  # fmt: skip


def test_the_lti_pages_are_accessible(
    make_page: Callable[..., Page], lms: TestPlatform, visit: PageVisits
) -> None:
    make_study_bank(facts=2, kinds=("multiple_choice",), title="Picker bank")
    teacher = make_page()
    hint = lms.add_launch(deep_link_request())
    teacher.goto(f"{lms.url}/start/{hint}")  # the picker opened in a window of its own
    expect_the_picker(teacher)
    visit(teacher, "content picker")
    teacher.goto("/lti/setup")
    expect(teacher.get_by_role("heading", name=re.compile("inside your LMS"))).to_be_visible()
    visit(teacher, "LTI set-up")
    teacher.goto("/lti/login?iss=https://unknown.example&login_hint=x&target_link_uri=x")
    expect(teacher.get_by_role("heading", name="quizapp could not open this link")).to_be_visible()
    visit(teacher, "launch refused")


def test_a_stopped_score_is_explained_on_the_class_page(
    make_page: Callable[..., Page], lms: TestPlatform, visit: PageVisits
) -> None:
    """A score for a gradebook column on another site stops; the class page says why and
    offers to try again, in a way a keyboard and a screen reader reach."""
    bank = make_study_bank(facts=2, kinds=("multiple_choice",), title="Grades bank")
    item = lms.add_line_item(2, "Grades bank: quiz of 2")
    custom = {"quizapp_bank": bank.slug, "quizapp_quiz_size": "2"}
    pages = {}
    for sub, roles in (("teacher-1", [INSTRUCTOR]), ("learner-1", [LEARNER])):
        spec = LaunchSpec(sub=sub, roles=roles, name=sub, custom=custom, line_item=item)
        pages[sub] = make_page(sub)
        pages[sub].goto(f"{lms.url}/start/{lms.add_launch(spec)}")  # a window of its own
    teacher = pages["teacher-1"]
    expect(teacher.get_by_role("heading", name="LMS course")).to_be_visible()
    link = db.session.scalars(select(LtiResourceLink)).one()
    learner = db.session.scalars(select(User).where(User.display_name == "learner-1")).one()
    attempt = make_attempt(
        learner, bank, score=1.0, max_score=2.0, assignment_id=link.assignment_id
    )
    link.line_item_url = lms.url.replace("127.0.0.1", "localhost") + "/lineitems/" + item
    db.session.commit()
    queue_score(attempt.id, now_utc())
    db.session.commit()
    send_due_scores(now_utc())

    teacher.reload()
    expect(teacher.get_by_text("1 score stopped and will not be tried again")).to_be_visible()
    button = teacher.get_by_role("button", name="Try the stopped scores again")
    button.focus()
    expect(button).to_be_focused()
    visit(teacher, "class page with a stopped score")


def test_an_lms_made_account_sets_a_password_and_deletes_a_class_by_its_name(
    make_page: Callable[..., Page], lms: TestPlatform, visit: PageVisits
) -> None:
    """An account the LMS made has no password: after a launch it sets one on the account
    page, and its class deletion asks for the class's name, both readable and labelled."""
    make_study_bank(facts=2, kinds=("multiple_choice",), slug="picker", title="Picker bank")
    teacher = make_page()
    spec = LaunchSpec(
        sub="teacher-1",
        roles=[INSTRUCTOR],
        name="Tia Teacher",
        custom={"quizapp_bank": "picker"},
        context_title="History 101",
    )
    teacher.goto(f"{lms.url}/start/{lms.add_launch(spec)}")  # a window of its own
    expect(teacher.get_by_role("heading", name=re.compile("History 101"))).to_be_visible()
    delete_url = teacher.url.split("?")[0].rstrip("/") + "/delete"
    teacher.goto(delete_url)
    expect(teacher.get_by_label("Type “History 101” to confirm")).to_be_visible()
    visit(teacher, "class deletion by name")
    teacher.goto("/auth/account")
    expect(teacher.get_by_role("heading", name="Set a password")).to_be_visible()
    visit(teacher, "set a password")
    teacher.get_by_label("New password", exact=True).fill("paper lantern river")
    teacher.get_by_label("Repeat the new password").fill("paper lantern river")
    teacher.get_by_role("button", name="Set password").click()
    expect(teacher.get_by_text("Your password is set")).to_be_visible()
    expect(teacher.get_by_label("Current password")).to_be_visible()
    teacher.goto(delete_url)
    expect(teacher.get_by_label("Your password")).to_be_visible()
