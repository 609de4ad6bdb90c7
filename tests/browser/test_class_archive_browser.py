"""At a term's end a teacher archives a class, finds it under Archived classes, reads it
(read-only) and restores it; a student holding its old code is told it is archived. On a
desktop and on a phone, each page scanned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support.factories import make_bank, make_classroom, make_user

from .harness import PHONE_CONTEXT
from .helpers import PageVisits, log_in, messages

pytestmark = pytest.mark.browser

CLASS = "Year 9 Civics 2025"


def archive_journey(make_page: Callable[..., Page], visit: PageVisits, **options: Any) -> None:
    teacher = make_user(role="teacher", email="tess@example.org", name="Tess Teacher")
    student = make_user(email="mina@example.org", name="Mina Park")
    bank = make_bank(owner=teacher, title="Treaties")
    classroom = make_classroom(teacher, CLASS, students=[student], banks=[bank])
    newcomer = make_user(email="jun@example.org", name="Jun Lee")
    page = make_page("teacher", **options)
    log_in(page, teacher.email)

    page.goto(f"/teach/classes/{classroom.id}")
    page.get_by_role("link", name="Archive this class…").click()
    expect(page.get_by_role("heading", name=f"Archive {CLASS}?")).to_be_visible()
    visit(page, "question before archiving a class")
    page.get_by_role("button", name="Archive the class").click()

    expect(page.get_by_role("heading", name="Archived classes", level=1)).to_be_visible()
    expect(messages(page)).to_contain_text(f"{CLASS} is archived.")
    visit(page, "archived classes")
    page.get_by_role("link", name=CLASS, exact=True).click()
    expect(page.get_by_role("heading", name="This class is archived")).to_be_visible()
    expect(page.get_by_role("link", name="Make a new code…")).to_have_count(0)
    expect(page.get_by_label("Bank")).to_have_count(0)
    visit(page, "archived class")

    learner = make_page("student", **options)
    log_in(learner, newcomer.email)
    learner.goto(f"/join/{classroom.join_code}")
    learner.get_by_role("button", name="Join class").click()
    expect(learner.get_by_role("main")).to_contain_text(
        f"{CLASS} is archived: it takes no new students."
    )
    visit(learner, "join refused for an archived class")

    page.get_by_role("button", name="Restore this class").click()
    expect(messages(page)).to_contain_text(f"{CLASS} is restored")
    expect(page.get_by_role("region", name="Join code")).to_be_visible()


def test_a_teacher_archives_a_class_reads_it_and_restores_it(
    make_page: Callable[..., Page], visit: PageVisits
) -> None:
    archive_journey(make_page, visit)


def test_the_archive_journey_fits_a_phone_screen(
    make_page: Callable[..., Page], visit: PageVisits
) -> None:
    archive_journey(make_page, visit, **PHONE_CONTEXT)
