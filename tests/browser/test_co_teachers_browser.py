"""A class's owner takes a co-teacher off the class by keyboard, while the co-teacher,
on a phone, loses the class at their next page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import ClassroomTeacher
from tests.support.factories import make_classroom, make_user

from .harness import PHONE_CONTEXT
from .helpers import PageVisits, log_in, press_on

pytestmark = pytest.mark.browser


def test_the_owner_removes_a_co_teacher_by_keyboard(
    page: Page, make_page: Callable[..., Page], visit: PageVisits
) -> None:
    owner = make_user("tia@example.org", role="teacher", name="Tia Teacher")
    co_teacher = make_user("sam@example.org", role="teacher", name="Sam Second")
    student = make_user("lee@example.org", name="Lee Learner")
    room = make_classroom(owner, "History 101", students=[student])
    db.session.add(ClassroomTeacher(classroom_id=room.id, teacher_id=co_teacher.id))
    db.session.commit()
    class_url = f"/teach/classes/{room.id}"

    phone = make_page("co-teacher", **PHONE_CONTEXT)
    log_in(phone, co_teacher.email)
    phone.goto(class_url)
    expect(phone.get_by_text("Lee Learner", exact=True)).to_be_visible()
    expect(phone.get_by_role("region", name="Co-teachers (1)")).to_have_count(0)
    expect(phone.get_by_role("link", name="Stop co-teaching this class…")).to_be_visible()
    visit(phone, "class, as its co-teacher")

    log_in(page, owner.email)
    page.goto(class_url)
    section = page.get_by_role("region", name="Co-teachers (1)")
    expect(section).to_contain_text("Sam Second")
    visit(page, "class with a co-teacher")
    press_on(page, section.get_by_role("link", name="Remove… Sam Second as a co-teacher"))
    expect(
        page.get_by_role("heading", name="Remove Sam Second as a co-teacher of History 101?")
    ).to_be_visible()
    visit(page, "remove a co-teacher?")
    press_on(page, page.get_by_role("button", name="Remove as a co-teacher"))
    expect(page.get_by_text("Sam Second no longer teaches this class.")).to_be_visible()
    expect(page.get_by_role("region", name="Co-teachers (1)")).to_have_count(0)
    expect(page.locator(".class-teachers")).to_have_text("Taught by Tia Teacher")

    phone.reload()
    expect(phone.get_by_role("heading", name="Not found")).to_be_visible()
    expect(phone.get_by_text("Lee Learner", exact=True)).to_have_count(0)
