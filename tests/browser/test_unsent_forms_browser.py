"""A teacher's question edit saved after the session ended survives logging in, lines and
all, with scripts and without: the browser carries the form through the log-in page's
hidden inputs (quizapp/auth/unsent_forms.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import Question
from tests.support.factories import make_bank, make_fact, make_question, make_user

from .helpers import PageVisits, log_in

pytestmark = pytest.mark.browser

CHOICES = "Busan\nIncheon\nDaegu"
EXPLANATION = (
    'Seoul has been the capital since 1948.\nNot "Busan", the wartime one & <b>no</b> tags.'
)


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no-scripts"])
def test_a_question_edit_saved_after_the_session_ended_is_sent_after_logging_in(
    make_page: Callable[..., Page], visit: PageVisits, scripts: bool
) -> None:
    teacher = make_user("tia@example.org", role="teacher", name="Tia Teacher")
    bank = make_bank(owner=teacher, title="Capitals")
    question = make_question(
        make_fact(bank), kind="multiple_choice", prompt="Capital?", answer="Seoul", choices=["X"]
    )
    page = make_page(java_script_enabled=scripts)
    log_in(page, teacher.email)
    page.goto(f"/teach/banks/{bank.slug}/questions/{question.id}/edit")
    page.get_by_label("Wrong options").fill(CHOICES)
    page.get_by_label("Explanation").fill(EXPLANATION)
    page.context.clear_cookies()  # the session ended while the teacher typed
    page.get_by_role("button", name="Save question").click()

    expect(page.get_by_text("You are not logged in any more")).to_be_visible()
    expect(page.get_by_text("What you sent is kept")).to_be_visible()
    visit(page, "log-in carrying an unsent form")
    page.get_by_label("Email").fill(teacher.email)
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your form was not sent yet")).to_be_visible()
    visit(page, "send an unsent form")
    page.get_by_role("button", name="Send it now").click()

    expect(page.get_by_text("Question saved: Wrong options, Explanation changed.")).to_be_visible()
    saved = db.session.get(Question, question.id)
    # The lines as typed (a textarea sends its line breaks as CRLF, saved directly too).
    assert saved.choices == CHOICES.splitlines()
    assert saved.explanation.splitlines() == EXPLANATION.splitlines()
