"""A typed answer's hint, asked for from the keyboard: the page that shows the hint gives
back what was typed, and the learner goes on typing where they stopped."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.support.factories import make_user
from tests.support.study_fixtures import make_study_bank

from .helpers import log_in, tab_to

pytestmark = pytest.mark.browser


def test_typing_goes_on_after_the_hint_at_the_end_of_what_was_typed(
    make_page: Callable[..., Page],
) -> None:
    """The box came back focused with the caret before "Se": typing "oul" sent "oulSe"."""
    bank = make_study_bank(facts=1, kinds=("typed",), title="Typed only")
    page = make_page()
    log_in(page, make_user().email)
    page.goto(f"/study/?bank={bank.slug}")
    answer = page.locator("#response")
    expect(answer).to_be_focused()
    page.keyboard.type("Se")
    tab_to(page, page.get_by_role("button", name="Show a hint"))
    page.keyboard.press("Enter")
    expect(page.locator(".hint-text")).to_contain_text("Hint:")
    expect(answer).to_be_focused()
    expect(answer).to_have_value("Se")
    page.keyboard.type("oul")
    expect(answer).to_have_value("Seoul")
