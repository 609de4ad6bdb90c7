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

from quizapp.lti.registration import register_platform
from tests.support.lti_platform import LEARNER, LaunchSpec, TestPlatform, deep_link_request
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
