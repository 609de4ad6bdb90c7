"""A list's links and buttons each say what they act on, as a screen reader lists them
(its "links" menu reads them out of context): "Edit fact day-date", never "Edit fact"
ten times over. The name starts with the words on screen (WCAG 2.5.3, label in name),
so a voice-control user says what they see."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from playwright.sync_api import Locator, Page, expect

from quizapp.extensions import db
from quizapp.importers.records import key_from_text
from quizapp.models import Assignment
from quizapp.timeutil import now_utc
from tests.support.factories import (
    enroll,
    make_attempt,
    make_bank,
    make_classroom,
    make_fact,
    make_question,
    make_user,
)

from .accessibility import assert_accessible
from .harness import PHONE_CONTEXT
from .helpers import log_in

pytestmark = pytest.mark.browser

_CONTROL = re.compile(r'^\s*- (link|button) "((?:[^"\\]|\\.)*)"', re.MULTILINE)


def _repeated_names(region: Locator, starting: str = "") -> list[str]:
    """Link and button names (as the accessibility tree has them) found more than once,
    of those ``starting`` so."""
    found = _CONTROL.findall(region.aria_snapshot())
    names = Counter((role, name) for role, name in found if name.startswith(starting))
    return [f"{role} {name!r} x{count}" for (role, name), count in names.items() if count > 1]


def test_each_fact_and_question_action_on_a_bank_page_names_its_fact(
    make_page: Callable[..., Page],
) -> None:
    teacher = make_user(role="teacher")
    bank = make_bank(owner=teacher, title="Week 3")
    for key in ("arrival-day", "centre-name"):
        fact = make_fact(bank, key=key)
        make_question(fact, key="typed")
        make_question(fact, key="mc", kind="multiple_choice", choices=["A", "B"])
    # An uploaded fact without a key of its own has one made from its text: a hash,
    # which names nothing. Such a fact goes by the start of its statement. Retired, it
    # stays readable (it used to be faded below the contrast a text needs).
    uploaded = make_fact(
        bank,
        key=key_from_text("Capital?"),
        statement="Capital of South Korea? — Seoul, a city of some ten million people",
        active=False,
    )
    make_question(uploaded, key="typed", active=False)
    page = make_page()
    log_in(page, teacher.email)
    page.goto(f"/teach/banks/{bank.slug}")

    facts = page.locator("ol.facts")
    assert _repeated_names(facts) == []
    for name in (
        "Edit fact arrival-day",
        "Add question to fact arrival-day",
        "Edit question mc of centre-name",
        "Edit fact Capital of South Korea? — Seoul, a city…",
    ):
        expect(facts.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(facts.get_by_role("button", name="Retire fact centre-name", exact=True)).to_be_visible()
    assert [name for _role, name in _CONTROL.findall(facts.aria_snapshot()) if "q-" in name] == []
    assert_accessible(page)


def test_a_class_page_names_the_student_or_assignment_each_removal_is_for(
    make_page: Callable[..., Page],
) -> None:
    teacher = make_user(role="teacher")
    bank = make_bank(owner=teacher, title="Week 3")
    classroom = make_classroom(teacher, students=[make_user(name=n) for n in ("Ana", "Bo")])
    db.session.add_all(
        [
            Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True, quiz_size=5),
            Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=False),
        ]
    )
    db.session.commit()
    page = make_page()
    log_in(page, teacher.email)
    page.goto(f"/teach/classes/{classroom.id}")

    main = page.get_by_role("main")
    assert _repeated_names(main.locator("ul.plain-list")) == []
    # (the bank's name links to its page in both rows: one place, one name)
    assert _repeated_names(main.locator("table"), starting="Remove") == []
    expect(main.get_by_role("link", name="Remove… assignment Week 3 (quiz of 5)")).to_be_visible()
    expect(main.get_by_role("link", name="Remove… Bo from the class")).to_be_visible()


def test_a_students_assignments_and_quizzes_name_the_bank_they_are_for(
    make_page: Callable[..., Page],
) -> None:
    teacher, student = make_user(role="teacher"), make_user()
    banks = [make_bank(owner=teacher, title=title) for title in ("Week 3", "Week 4")]
    for bank in banks:
        question = make_question(make_fact(bank))
        make_attempt(student, bank, {question: True})
        make_attempt(student, bank, {question: False}, started_at=now_utc() - timedelta(days=1))
    classroom = make_classroom(teacher, name="Civics 10")
    enroll(classroom, student)
    db.session.add_all(
        Assignment(classroom_id=classroom.id, bank_id=bank.id, as_quiz=True, quiz_size=1)
        for bank in banks
    )
    db.session.commit()
    page = make_page()
    log_in(page, student.email)

    assignments = page.get_by_role("region", name="Class assignments")
    assert _repeated_names(assignments) == []
    expect(
        assignments.get_by_role("button", name="Start quiz (1 question) on Week 4 for Civics 10")
    ).to_be_visible()
    expect(assignments.get_by_role("link", name="Read the facts of Week 3")).to_be_visible()

    page.goto("/quiz/")
    attempts = page.locator("table.attempts")
    assert _repeated_names(attempts) == []
    expect(
        attempts.get_by_role(
            "link", name=re.compile(r"^1 \/ 1 — results of the quiz on Week 4 started ")
        )
    ).to_be_visible()


@pytest.mark.parametrize(
    ("role", "address"), [("teacher", "/teach/banks/{slug}"), ("student", "/banks/{slug}/source")]
)
def test_a_long_banks_pages_of_facts_are_named_links_on_a_phone_too(
    make_page: Callable[..., Page], visit: Callable[..., None], role: str, address: str
) -> None:
    # The teacher's bank page and the learner's source page list the facts alike.
    teacher = make_user(role="teacher")
    bank = make_bank(owner=teacher if role == "teacher" else None, title="Big bank")
    for n in range(1, 206):
        make_fact(bank, key=f"fact-{n:03}", statement=f"Fact number {n}.", position=n)
    reader = teacher if role == "teacher" else make_user(role="student")
    for name, context in (("desktop", {}), ("phone", PHONE_CONTEXT)):
        page = make_page(name, **context)
        log_in(page, reader.email)
        page.goto(address.format(slug=bank.slug) + "?page=2")
        pager = page.get_by_role("navigation", name="Pages of facts", exact=True)
        expect(pager.get_by_role("link", name="Next page")).to_be_visible()
        expect(pager.get_by_text("Facts 101\u2013200 · page 2 of 3")).to_be_visible()
        expect(pager.locator('[aria-current="page"]')).to_have_text("2")
        visit(page, f"long bank, page 2 ({role}, {name})")  # no sideways scrolling, no axe problem
