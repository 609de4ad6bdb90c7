"""Where the keyboard's focus is, and whether a person can see it: the focus ring stands
out from what is around it (WCAG 2.2 AA, 1.4.11: 3:1) in light and dark mode, and a form
sent back with a problem puts the focus on the first field to fix."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect

from tests.support.factories import make_user
from tests.support.study_fixtures import make_study_bank

from .helpers import log_in, tab_to

pytestmark = pytest.mark.browser

# The focused element's outline colour against the colour behind it (the nearest
# ancestor's opaque background: the ring is drawn outside the element), as WCAG's ratio.
_FOCUS_RING_CONTRAST = """() => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const focused = document.activeElement;
  const style = getComputedStyle(focused);
  let behind = focused.parentElement;
  while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] ?? 1) === 0) {
    behind = behind.parentElement;
  }
  const back = getComputedStyle(behind || document.documentElement).backgroundColor;
  const [lighter, darker] = [style.outlineColor, back].map((c) => luminance(rgb(c)))
    .sort((a, b) => b - a);
  return {ratio: (lighter + 0.05) / (darker + 0.05), ring: style.outlineStyle,
          colour: style.outlineColor, back};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_stands_out_from_the_page_in_both_colour_schemes(
    make_page: Callable[..., Page], scheme: str
) -> None:
    page = make_page(scheme, color_scheme=scheme)
    page.goto("/auth/signup")
    for target in (
        page.get_by_role("link", name="Skip to content"),
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in"),
        page.get_by_label("Your name"),
        page.get_by_role("radio", name="Student"),  # the checked one: Tab enters a group there
        page.get_by_role("button", name="Create account"),
    ):
        tab_to(page, target)
        ring = page.evaluate(_FOCUS_RING_CONTRAST)
        assert ring["ring"] == "solid", f"{target}: no focus ring"
        assert ring["ratio"] >= 3, f"{target} in {scheme} mode: focus ring {ring}"


@pytest.mark.parametrize("scripts", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_a_form_sent_back_with_a_problem_puts_the_focus_on_the_field_to_fix(
    make_page: Callable[..., Page], scripts: bool
) -> None:
    """Else the focus starts again at the top of the page, and a keyboard user tabs through
    the whole menu to get back to the field the message is about."""
    page = make_page(java_script_enabled=scripts)
    page.goto("/auth/signup")
    page.get_by_label("Your name").fill("Pat Typo")
    page.get_by_label("Email").fill("pat@example.org")
    page.get_by_label("Password", exact=True).fill("a long passphrase")
    page.get_by_label("Repeat the password").fill("a long passphrase!")
    page.get_by_role("button", name="Create account").click()

    repeat = page.get_by_label("Repeat the password")
    expect(repeat).to_have_attribute("aria-invalid", "true")
    expect(repeat).to_be_focused()
    page.keyboard.type("a long passphrase")
    page.keyboard.press("Shift+Tab")  # a password sent back is never shown again
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type("a long passphrase")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Hello, Pat Typo")).to_be_visible()


def test_after_an_answer_continue_has_the_focus_and_tells_the_verdict(
    page: Page, app: Flask
) -> None:
    """The focus goes to Continue, so Enter moves on; a screen reader, which reads what
    has the focus, hears the verdict and when the fact comes back with it, not only
    "Continue"."""
    bank = make_study_bank(facts=1, kinds=("multiple_choice",), title="One fact")
    log_in(page, make_user().email)
    page.goto(f"/study/?bank={bank.slug}")
    expect(page.get_by_role("region", name="Question")).to_be_visible()
    page.keyboard.press("1")

    verdict = page.locator("#verdict-heading")
    expect(verdict).to_be_visible()
    continue_link = page.get_by_role("link", name="Continue")
    expect(continue_link).to_be_focused()
    expect(continue_link).to_have_accessible_description(
        re.compile(rf"^{verdict.inner_text()}\W.*This fact comes back (in|at|on|to)")
    )


def _first_quiz_question(page: Page) -> Locator:
    """A learner's first question of a quiz just started: its prompt, which has the focus."""
    make_study_bank(facts=2, kinds=("multiple_choice",), title="Two facts")
    log_in(page, make_user().email)
    page.goto("/quiz/")
    page.get_by_role("button", name="Take a quiz on Two facts").click()
    prompt = page.locator("#main .card .prompt")
    expect(prompt).to_be_focused()
    return prompt


def test_a_quiz_question_takes_the_focus_so_the_keyboard_starts_at_the_question(
    page: Page, app: Flask
) -> None:
    """Probe: each quiz question loaded with the focus on the page itself, so a keyboard
    user without the number keys tabbed through the header on every question."""
    _first_quiz_question(page)
    page.keyboard.press("Tab")  # the next stop is the first option, not the header
    expect(page.locator(".answer-form button").first).to_be_focused()


def test_a_quiz_question_it_focuses_shows_no_focus_box_but_the_options_do(
    page: Page, app: Flask
) -> None:
    """The question takes the focus for the keyboard and screen readers, not for the eye:
    it loaded inside an orange focus box on every question, which read as an error. The
    first thing one can press still shows its ring."""
    prompt = _first_quiz_question(page)
    assert prompt.evaluate("(p) => getComputedStyle(p).outlineStyle") == "none"
    page.keyboard.press("Tab")
    ring = page.evaluate(_FOCUS_RING_CONTRAST)
    assert ring["ring"] == "solid" and ring["ratio"] >= 3, ring
