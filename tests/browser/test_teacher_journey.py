"""A colleague invites a new teacher, who signs up and reads a bank's facts with their citation."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from quizapp.models import User
from tests.support.factories import make_bank, make_user

from .accessibility import assert_accessible
from .harness import LiveServer, SeededBank
from .helpers import announced, log_in, sign_up

pytestmark = pytest.mark.browser


def colleague_makes_an_invite(page: Page, email: str) -> str:
    """A teacher opens Teach → Invite a teacher and makes a code; returns it."""
    log_in(page, email)
    page.get_by_role("link", name="Invite a teacher").click()
    expect(page.get_by_role("heading", name="Invite a teacher")).to_be_visible()
    page.get_by_role("button", name="Make an invite code").click()
    expect(announced(page)).to_contain_text("Invite code")
    message = announced(page).inner_text()
    assert_accessible(page)
    code = re.search(r"Invite code ([A-Z0-9]{16})", message)
    assert code, message
    return code.group(1)


def test_a_new_teacher_signs_up_and_reads_a_built_in_bank_but_not_a_colleagues(
    make_page: Callable[..., Page], built_in_bank: SeededBank, app_server: LiveServer
) -> None:
    colleague = make_user(role="teacher", name="Other Teacher")
    make_bank(title="A colleague's private bank", owner=colleague)
    code = colleague_makes_an_invite(make_page("colleague"), colleague.email)

    page = make_page()
    sign_up(page, "Tam Teacher", "tam@example.org", role="Teacher", invite_code=code)
    expect(page.get_by_text("Teacher account")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Banks").click()
    expect(page.get_by_role("heading", name="Question banks")).to_be_visible()
    expect(page.get_by_role("link", name=built_in_bank.title)).to_be_visible()
    expect(page.get_by_text("A colleague's private bank")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name=built_in_bank.title).click()
    expect(page.get_by_role("heading", name=built_in_bank.title, level=1)).to_be_visible()
    expect(page.get_by_text("Test Gazette")).to_be_visible()
    statements = [statement for _key, statement in built_in_bank.facts]
    facts = page.get_by_role("list").filter(has_text=statements[0]).get_by_role("listitem")
    expect(facts).to_contain_text(statements)  # all of them, in story order
    assert_accessible(page)

    key, statement = built_in_bank.facts[1]
    page.goto(app_server.url_for("banks.source", slug=built_in_bank.slug) + f"#fact-{key}")
    expect(page.locator(f"id=fact-{key}")).to_contain_text(statement)


def test_a_teacher_made_by_the_factories_logs_in_and_lands_on_the_teacher_home(
    page: Page, teacher: User
) -> None:
    log_in(page, teacher.email)
    expect(page.get_by_role("heading", name="Hello, Tess Teacher")).to_be_visible()
    expect(page.get_by_text("Teacher account")).to_be_visible()


def test_a_preview_with_problems_keeps_discard_clear_of_the_problem_list(
    page: Page, teacher: User
) -> None:
    """The Discard button touched the foot of the problems panel above it, as if part of
    its last line."""
    log_in(page, teacher.email)
    page.goto("/teach/uploads/new")
    page.get_by_label("Question file").set_input_files(
        files=[{"name": "bad.csv", "mimeType": "text/csv", "buffer": b"prompt,answer\nQ?,\n"}]
    )
    page.get_by_role("button", name="Preview").click()
    panel = page.get_by_role("region", name="1 problem — nothing can be imported until it is fixed")
    discard = page.get_by_role("button", name="Discard")
    above, below = panel.bounding_box(), discard.bounding_box()
    assert above and below
    assert below["y"] - (above["y"] + above["height"]) >= 12, (above, below)


def test_the_quizlet_separator_fields_stand_apart_as_the_forms_other_fields_do(
    page: Page, teacher: User
) -> None:
    """Inside their fieldset each label sat on the box above it, as if naming it."""
    log_in(page, teacher.email)
    page.goto("/teach/uploads/new")
    box = page.get_by_label("Quizlet: between term and definition", exact=True).bounding_box()
    label = page.locator("label", has_text="Custom term separator").bounding_box()
    assert box and label
    assert label["y"] - (box["y"] + box["height"]) >= 12, (box, label)


@pytest.mark.parametrize("width", [360, 390])
def test_on_a_phone_the_join_links_code_is_never_cut_in_two(make_page, visit, app, width):
    """On a phone the class page broke its join link inside the code ("…/join/8EJBM7WT4"
    then "V" on the next line): a teacher copying it onto the board got a wrong code. The
    address may wrap, before the code; the code stays whole."""
    from tests.support.factories import make_classroom

    teacher = make_user(role="teacher", email="tess@example.org", name="Tess Teacher")
    classroom = make_classroom(teacher, "Year 9 Korean history and society")
    phone = make_page(
        f"phone-{width}",
        viewport={"width": width, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    log_in(phone, teacher.email)
    phone.goto(f"/teach/classes/{classroom.id}")
    visit(phone, "class page (phone)")
    link = phone.locator('.join-code a[href*="/join/"]')
    expect(link).to_contain_text(classroom.join_code)
    # The lines the code's letters sit on (each letter's box, by its top).
    lines = link.evaluate(
        """(a, code) => {
          const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
          const tops = new Set();
          let seen = "";
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
              seen += node.data[i];
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              tops.add([Math.round(range.getBoundingClientRect().top), seen.length]);
            }
          }
          const from = seen.length - code.length;
          return new Set([...tops].filter(([, n]) => n > from).map(([top]) => top)).size;
        }""",
        classroom.join_code,
    )
    assert lines == 1, f"the join code spans {lines} lines"
