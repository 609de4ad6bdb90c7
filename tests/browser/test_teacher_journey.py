"""A new teacher signs up and reads a bank's facts with their citation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ..factories import make_bank, make_user
from .harness import LiveServer, SeededBank
from .helpers import assert_accessible

pytestmark = pytest.mark.browser


def test_a_new_teacher_signs_up_and_reads_a_built_in_bank_but_not_a_colleagues(
    page: Page, built_in_bank: SeededBank, app_server: LiveServer
) -> None:
    colleague = make_user(role="teacher", name="Other Teacher")
    make_bank(title="A colleague's private bank", owner=colleague)

    page.goto("/auth/signup")
    page.get_by_label("Your name").fill("Tam Teacher")
    page.get_by_label("Email").fill("tam@example.org")
    page.get_by_label("Password", exact=True).fill("a long passphrase")
    page.get_by_label("Repeat the password").fill("a long passphrase")
    page.get_by_role("radio", name="Teacher").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Hello, Tam Teacher")).to_be_visible()
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
