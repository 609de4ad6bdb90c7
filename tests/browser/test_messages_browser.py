"""The page's messages ("Year 9 is ready", "That email and password do not match") reach a
screen reader: each arrives, after the page loaded, in a live region that loaded empty
(a region that loads with its text is announced by few readers); errors in the alert.
Without JavaScript they still show."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.support.factories import make_user

from .helpers import announced, log_in, messages

pytestmark = pytest.mark.browser

# What the two regions held when the page's HTML was in (flashes.js waits past this).
_REGIONS_AT_LOAD = """
document.addEventListener("DOMContentLoaded", () => {
  const text = (id) => {
    const region = document.getElementById(id);
    return region === null ? null : region.textContent.trim();
  };
  window.regionsAtLoad = {polite: text("flash-polite"), alert: text("flash-alert")};
});
"""
WRONG_PASSWORD = "That email and password do not match an account."


def _page_watching_regions(make_page: Callable[..., Page]) -> Page:
    page = make_page()
    page.add_init_script(_REGIONS_AT_LOAD)
    return page


def test_a_message_arrives_in_a_polite_live_region_that_loaded_empty(
    make_page: Callable[..., Page],
) -> None:
    teacher = make_user(role="teacher")
    page = _page_watching_regions(make_page)
    log_in(page, teacher.email)
    page.goto("/teach/classes/")
    page.get_by_label("Class name").fill("Year 9")
    page.get_by_role("button", name="Create class").click()

    region = announced(page)
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_contain_text("Year 9 is ready.")
    expect(region.locator(".flash")).to_be_visible()
    assert page.evaluate("window.regionsAtLoad") == {"polite": "", "alert": ""}
    expect(page.locator(".flash")).to_have_count(1)  # moved, not copied: read once


def test_an_error_message_arrives_in_the_alert_region(make_page: Callable[..., Page]) -> None:
    make_user(email="kim@example.org")
    page = _page_watching_regions(make_page)
    page.goto("/auth/login")
    page.get_by_label("Email").fill("kim@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()

    alert = page.get_by_role("alert")
    expect(alert).to_have_text(WRONG_PASSWORD)
    expect(alert.locator(".flash-error")).to_be_visible()
    assert page.evaluate("window.regionsAtLoad") == {"polite": "", "alert": ""}
    expect(announced(page)).to_be_empty()


def test_without_javascript_the_message_still_shows(page_no_js: Page) -> None:
    make_user(email="kim@example.org")
    page_no_js.goto("/auth/login")
    page_no_js.get_by_label("Email").fill("kim@example.org")
    page_no_js.get_by_label("Password").fill("not the password")
    page_no_js.get_by_role("button", name="Log in").click()

    expect(messages(page_no_js).locator(".flash-error")).to_have_text(WRONG_PASSWORD)
    expect(messages(page_no_js).locator(".flash-error")).to_be_visible()
