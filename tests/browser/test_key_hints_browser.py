"""A key shown on a study card works: with the page's script every hint is a promise
study.js keeps; without scripts only the hints a browser keeps on its own stay (Enter
in an answer box), and the others ("Space" to show a flashcard's answer, numbers to
choose) are not shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.factories import make_user
from tests.support.study_fixtures import make_study_bank

from .helpers import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scripts", [True, False], ids=["scripts", "no scripts"])
def test_key_hints_show_only_where_the_key_works(
    make_page: Callable[..., Page], page_no_js: Page, scripts: bool
) -> None:
    # Probe: without scripts "Show answer Space" and the 1-4 badges showed, and neither
    # Space nor a number did anything.
    make_study_bank(facts=1, kinds=("multiple_choice",), slug="choices")
    make_study_bank(facts=1, kinds=("flashcard",), slug="cards")
    student = make_user(name="Kim Keys")
    page = make_page("desktop") if scripts else page_no_js
    log_in(page, student.email)

    def shown(locator: Locator) -> None:
        if scripts:
            expect(locator).to_be_visible()
        else:
            expect(locator).to_be_hidden()

    page.goto("/study/?bank=choices")
    options = page.locator("fieldset.options")
    expect(options.get_by_role("button").first).to_be_visible()
    shown(options.locator("kbd").first)

    page.goto("/study/?bank=cards")
    reveal = page.locator("summary", has_text="Show answer")
    expect(reveal).to_be_visible()
    shown(reveal.locator("kbd"))
    reveal.click()
    ratings = page.locator("fieldset.ratings")
    expect(ratings.get_by_role("button").first).to_be_visible()
    # Shown, the answer stays: "Show answer" goes rather than hide it again (as in Anki).
    expect(reveal).to_be_hidden()
    expect(page.locator("details.reveal .answer")).to_be_visible()
    shown(ratings.locator("kbd").first)


def test_ctrl_z_takes_the_last_answer_back_as_in_anki(make_page: Callable[..., Page]) -> None:
    """Anki's Undo is Ctrl+Z (⌘Z on a Mac); here it was only the "Undo last answer"
    button. On the feedback page Ctrl+Z takes the answer back and asks the card again."""
    make_study_bank(facts=2, kinds=("multiple_choice",), slug="choices")
    student = make_user(name="Una Undo")
    page = make_page("desktop")
    log_in(page, student.email)
    page.goto("/study/?bank=choices")
    page.locator("fieldset.options").get_by_role("button").first.click()
    expect(page.get_by_role("button", name="Undo last answer")).to_be_visible()

    page.keyboard.press("Control+z")

    expect(page.get_by_text("Answer taken back")).to_be_visible()
    expect(page.get_by_role("button", name="Undo last answer")).to_be_hidden()
