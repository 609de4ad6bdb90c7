"""On a 360 px phone every page fits the screen and passes the accessibility scan."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .harness import SeededBank
from .helpers import assert_accessible, assert_no_horizontal_scroll, fill_sign_up_form

pytestmark = pytest.mark.browser


def fits_and_is_accessible(page: Page) -> None:
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_a_phone_user_never_scrolls_sideways_from_landing_to_a_banks_facts(
    phone_page: Page, built_in_bank: SeededBank
) -> None:
    page = phone_page
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    fits_and_is_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    fits_and_is_accessible(page)

    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    fits_and_is_accessible(page)
    page.get_by_role("button", name="Create account").tap()
    expect(page.get_by_label("Your name")).to_have_accessible_description("This field is required.")
    fits_and_is_accessible(page)
    fill_sign_up_form(page, "Pat Phone", "pat@example.org")
    fits_and_is_accessible(page)

    page.goto("/banks/no-such-bank/source")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    fits_and_is_accessible(page)

    page.get_by_role("link", name="Banks").tap()
    expect(page.get_by_role("heading", name="Question banks")).to_be_visible()
    fits_and_is_accessible(page)

    page.get_by_role("link", name=built_in_bank.title).tap()
    expect(page.get_by_role("heading", name=built_in_bank.title, level=1)).to_be_visible()
    fits_and_is_accessible(page)
