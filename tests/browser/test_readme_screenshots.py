"""The README's screenshots, taken from a real session: a study card, its feedback, the
session summary, quiz results, a learner's progress and a class roster, each at desktop
and phone width, in light and dark mode.

The walk runs in every ``make test`` (its pages are scanned like any journey's); the PNGs
are written to ``docs/screenshots/`` only with ``SCREENSHOT_DOCS=1`` in the environment:

    SCREENSHOT_DOCS=1 .venv/bin/pytest tests/browser/test_readme_screenshots.py
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Assignment, Bank, Classroom, Enrollment
from tests.support.factories import make_user

from .accessibility import SETTLED
from .harness import DESKTOP, PHONE, LiveServer, load_shipped_banks
from .helpers import PageVisits, log_in
from .learners import ClickingLearner, finish_quiz, shown_item

pytestmark = pytest.mark.browser

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES = ("light", "dark")
NEW_FACTS = 4  # a short session, so the summary comes quickly


class ReadmeShots:
    """``shoot(page, name)`` saves ``<width>-<name>-<scheme>.png`` for every width and scheme,
    when asked to (``SCREENSHOT_DOCS=1``); otherwise it does nothing."""

    def __init__(self) -> None:
        self.enabled = os.environ.get("SCREENSHOT_DOCS") == "1"
        self.saved: list[Path] = []

    def __call__(self, page: Page, name: str) -> None:
        if not self.enabled:
            return
        DOCS_DIR.mkdir(parents=True, exist_ok=True)
        original = page.viewport_size
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            # As tall as the page, so what sticks to the screen's foot (a phone's Continue
            # bar) is drawn where it rests at the end of the page, not over the middle.
            height = page.evaluate("() => document.documentElement.scrollHeight")
            page.set_viewport_size(
                {"width": viewport["width"], "height": max(height, viewport["height"])}
            )
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
                page.evaluate(SETTLED)
                path = DOCS_DIR / f"{width}-{name}-{scheme}.png"
                page.screenshot(path=str(path), full_page=True)
                self.saved.append(path)
        page.emulate_media(color_scheme="light")
        if original:
            page.set_viewport_size(original)


@dataclass(frozen=True)
class AClass:
    classroom_id: int
    teacher_email: str
    student_email: str
    bank_title: str


@pytest.fixture
def a_class(app: Flask) -> AClass:
    """The shipped bank, assigned to a class with one student."""
    spec = load_shipped_banks(app)[0]
    bank = db.session.scalars(select(Bank).where(Bank.slug == spec.slug)).one()
    teacher = make_user(role="teacher", name="Tam Teacher")
    student = make_user(name="Mina Park")
    student.daily_new_limit = NEW_FACTS
    classroom = Classroom(name="Class 9A", teacher_id=teacher.id, join_code=secrets.token_hex(5))
    db.session.add(classroom)
    db.session.flush()
    db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
    db.session.add(Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True))
    db.session.commit()
    return AClass(classroom.id, teacher.email, student.email, spec.title)


def study_a_short_session(page: Page, visit: PageVisits, shoot: ReadmeShots) -> None:
    """Answer until the session ends: the second item wrong; shoot the first card, the
    wrong answer's feedback and the summary."""
    learner = ClickingLearner()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Study").click()
    question = page.get_by_role("region", name="Question")
    for number in range(1, 2 * NEW_FACTS + 1):
        if question.count() == 0:
            break
        shown = shown_item(page)
        visit(page, f"study item, {shown.kind}")
        if number == 2:
            shoot(page, "study-card")
        learner.answer(page, shown, right=number != 2)
        visit(page, "answer feedback")
        if number == 2:
            shoot(page, "feedback")
        learner.go_on(page)
    expect(question).to_have_count(0)
    visit(page, "session summary")
    shoot(page, "session-summary")


def test_the_readme_screenshots_come_from_a_real_session(
    make_page: Callable[..., Page],
    visit: PageVisits,
    app_server: LiveServer,
    a_class: AClass,
) -> None:
    shoot = ReadmeShots()
    student = make_page("student")
    log_in(student, a_class.student_email)
    study_a_short_session(student, visit, shoot)

    student.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    card = student.get_by_role("region", name=a_class.bank_title)
    card.get_by_text("5", exact=True).click()
    card.get_by_role("button", name=re.compile("^Take a quiz")).click()
    answers = finish_quiz(student, ClickingLearner(), visit, wrong={2, 5})
    expect(student.get_by_role("main").get_by_role("status")).to_have_text("Score: 3 / 5")
    shoot(student, "quiz-results")

    student.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    expect(student.get_by_role("heading", name="My progress")).to_be_visible()
    visit(student, "my progress")
    shoot(student, "progress")

    teacher = make_page("teacher")
    log_in(teacher, a_class.teacher_email)
    teacher.goto(app_server.url_for("progress.classroom", classroom_id=a_class.classroom_id))
    roster = teacher.get_by_role("region", name="Roster")
    expect(roster.get_by_role("row").filter(has_text="Mina Park")).to_contain_text(
        f"{round(100 * sum(a.right for a in answers) / len(answers))}%"
    )
    visit(teacher, "class progress")
    shoot(teacher, "class-roster")
    if shoot.enabled:
        assert len(shoot.saved) == 6 * len(WIDTHS) * len(SCHEMES)
