"""A new student creates an account, leaves and comes back, using only the keyboard; then
changes the password (ending the session on another device) and the email, and deletes the
account."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.support.factories import make_user

from .accessibility import assert_accessible
from .harness import PHONE_CONTEXT
from .helpers import (
    PageVisits,
    announced,
    log_in,
    messages,
    press_on,
    sign_up,
    sign_up_by_keyboard,
    tab_to,
)

pytestmark = pytest.mark.browser

NAME = "Kim Keyboard"
EMAIL = "kim@example.org"
PASSWORD = "a long passphrase"


def sign_up_leave_and_return_by_keyboard(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learn the story. Keep the facts.")
    assert_accessible(page)

    press_on(page, page.get_by_role("main").get_by_role("link", name="Sign up"))
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    assert_accessible(page)
    sign_up_by_keyboard(page, NAME, EMAIL, PASSWORD)
    expect(messages(page)).to_contain_text("Your account is ready")
    expect(page.get_by_text("Student account")).to_be_visible()
    assert_accessible(page)

    press_on(page, page.get_by_role("button", name="Log out"))
    expect(messages(page)).to_contain_text("You are logged out")
    press_on(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(EMAIL)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=f"Hello, {NAME}")).to_be_visible()
    press_on(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Banks"))
    expect(page.get_by_role("heading", name="Question banks")).to_be_visible()
    assert_accessible(page)


def test_a_new_student_signs_up_logs_out_and_back_in_with_only_the_keyboard(page: Page) -> None:
    sign_up_leave_and_return_by_keyboard(page)


def test_the_same_keyboard_journey_works_with_javascript_off(page_no_js: Page) -> None:
    sign_up_leave_and_return_by_keyboard(page_no_js)


def test_a_student_changes_the_password_and_email_on_a_second_device_then_deletes_the_account(
    make_page: Callable[..., Page], visit: PageVisits
) -> None:
    laptop, phone = make_page("laptop"), make_page("phone", **PHONE_CONTEXT)
    sign_up(laptop, NAME, EMAIL, password=PASSWORD)
    log_in(phone, EMAIL, PASSWORD)

    laptop.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(laptop.get_by_role("heading", name="Account settings")).to_be_visible()
    visit(laptop, "account settings")
    laptop.get_by_label("Current password").fill(PASSWORD)
    laptop.get_by_label("New password", exact=True).fill("an even longer passphrase")
    laptop.get_by_label("Repeat the new password").fill("an even longer passphrase")
    laptop.get_by_role("button", name="Change password").click()
    expect(announced(laptop)).to_contain_text("Other devices are logged out")

    phone.goto("/progress/")  # the phone's session ended with the old password
    expect(phone.get_by_role("heading", name="Log in")).to_be_visible()

    laptop.get_by_label("New email").fill("kim.new@example.org")
    laptop.get_by_label("Password, to confirm it is you").fill("an even longer passphrase")
    laptop.get_by_role("button", name="Change email").click()
    expect(announced(laptop)).to_contain_text("log in with kim.new@example.org")
    expect(laptop.get_by_text("Logged in as kim.new@example.org")).to_be_visible()
    visit(laptop, "account settings after changing the email")

    laptop.get_by_label("Your password").fill("an even longer passphrase")
    laptop.get_by_role("button", name="Delete my account").click()
    expect(announced(laptop)).to_contain_text("Your account and everything")
    visit(laptop, "home after deleting the account")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_delete_my_account_button_is_red_edge_to_edge_in_both_schemes(
    make_page: Callable[..., Page], scheme: str
) -> None:
    """The red button kept the blue edge of ordinary buttons (a pale lilac one in dark
    mode): a step that cannot be undone reads as one colour, hovered or not."""
    user = make_user(email="dee@example.org")
    page = make_page(scheme, color_scheme=scheme)
    log_in(page, user.email)
    page.goto("/auth/account")
    button = page.get_by_role("button", name="Delete my account")
    for state in ("at rest", "hovered"):
        if state == "hovered":
            button.hover()
            page.evaluate("() => document.getAnimations().forEach((a) => a.finish())")
        look = button.evaluate(
            "(b) => { const s = getComputedStyle(b); "
            "return [s.backgroundColor, s.borderTopColor, s.color]; }"
        )
        assert look[1] == look[0], f"{state} in {scheme} mode: edge {look[1]} on {look[0]}"
        assert look[0] != look[2], f"{state} in {scheme} mode: {look}"
