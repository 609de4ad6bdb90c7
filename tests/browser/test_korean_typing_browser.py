"""Typing Korean with an input method (IME): the Enter that confirms a syllable being
composed belongs to the IME. It must neither send the answer (half composed) nor, on
the feedback page, press Continue; an Enter after the composition sends it as always."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.support.factories import make_user
from tests.support.study_fixtures import make_study_bank

from .helpers import log_in

pytestmark = pytest.mark.browser

# An Enter keydown as browsers send it while a syllable is being composed: isComposing
# (Chrome, Firefox), or keyCode 229 after compositionend (Safari). Returns whether the
# page told the browser to leave the key alone (so no form is sent).
COMPOSING_ENTER = """([selector, marker]) => {
  const target = document.querySelector(selector);
  const event = new KeyboardEvent("keydown", {
    key: "Enter", code: "Enter", bubbles: true, cancelable: true,
    isComposing: marker === "isComposing",
  });
  if (marker === "keyCode229") {
    Object.defineProperty(event, "keyCode", { get: () => 229 });
  }
  target.dispatchEvent(event);
  return event.defaultPrevented;
}"""


def _typed_card(make_page: Callable[..., Page]) -> Page:
    make_study_bank(facts=2, kinds=("typed",), title="Two facts")
    page = make_page("desktop", locale="ko-KR")
    log_in(page, make_user().email)
    page.goto("/study/")
    expect(page.locator("#response")).to_be_focused()
    return page


@pytest.mark.parametrize("marker", ["isComposing", "keyCode229"])
def test_the_enter_confirming_a_hangul_syllable_does_not_send_the_answer(
    make_page: Callable[..., Page], marker: str
) -> None:
    page = _typed_card(make_page)
    page.locator("#response").fill("서우")
    assert page.evaluate(COMPOSING_ENTER, ["#response", marker]) is True
    # The Enter after the composition sends the answer, as ever.
    page.locator("#response").fill("서울")
    page.keyboard.press("Enter")
    expect(page.locator("#continue")).to_be_visible()


@pytest.mark.parametrize("marker", ["isComposing", "keyCode229"])
def test_a_composing_enter_on_the_feedback_does_not_press_continue(
    make_page: Callable[..., Page], marker: str
) -> None:
    page = _typed_card(make_page)
    page.locator("#response").fill("서울")
    page.keyboard.press("Enter")
    expect(page.locator("#continue")).to_be_visible()
    page.locator("body").focus()
    page.evaluate(COMPOSING_ENTER, ["body", marker])
    expect(page.locator("#continue")).to_be_visible()
    expect(page.locator("#response")).to_have_count(1)  # the next card, still hidden
