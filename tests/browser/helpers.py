"""Checks a journey runs on the pages it visits: what a person on a phone or with only a
keyboard would notice, and the accessibility scan (``accessibility.assert_accessible``)."""

from __future__ import annotations

import os
import re
from itertools import pairwise
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from .accessibility import assert_accessible

VIEWPORT_TAG = '<meta name="viewport" content="width=device-width, initial-scale=1">'
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

_IS_FOCUSED = "(element) => element === document.activeElement"

_WIDTHS = """() => ({
  page: document.documentElement.scrollWidth,
  window: window.innerWidth,
  has_viewport_tag: document.querySelector('meta[name="viewport"]') !== null,
})"""

_OVERFLOWING = """(screen) => Array.from(document.querySelectorAll('body *'))
  .filter((element) => element.getBoundingClientRect().right > screen + 0.5)
  .slice(0, 5)
  .map((element) => element.outerHTML.slice(0, 120))"""


# Words of the page's main content that a line break cuts in two ("Saturda" / "y"):
# each run of up to LONGEST_UNBROKEN_WORD characters between spaces and hyphens (where
# lines may break) in a text node, measured by the lines its range's boxes sit on.
# Longer runs (a link's URL) may break anywhere.
LONGEST_UNBROKEN_WORD = 18
_SPLIT_WORDS = """(longest) => {
  const main = document.querySelector("main");
  if (!main) return [];
  // Words between spaces and dashes, and dates and scores whole: "2026-11-" / "26" and
  // "2 /" / "10" read as two.
  const units = [/[^\\s\\-\u2010\u2013\u2014]+/gu, /\\d{4}-\\d{2}-\\d{2}/g, /\\d+ \\/ \\d+/g];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const split = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const unit of units) {
      for (const match of node.data.matchAll(unit)) {
        if (match[0].length < 2 || match[0].length > longest) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0)
          .map((r) => Math.round(r.top)));
        if (lines.size > 1) {
          const where = node.parentElement;
          split.push(`${match[0]} in <${where.tagName.toLowerCase()} class="${where.className}">`);
        }
      }
    }
  }
  return split;
}"""


# Each element's colour ``property`` against the opaque background behind it, as WCAG's
# contrast ratio.
_COLOUR_CONTRAST = """(elements, property) => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  return elements.map((element) => {
    let behind = element.parentElement;
    while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] ?? 1) === 0) {
      behind = behind.parentElement;
    }
    const back = getComputedStyle(behind || document.documentElement).backgroundColor;
    const [lighter, darker] = [getComputedStyle(element)[property], back]
      .map((c) => luminance(rgb(c))).sort((a, b) => b - a);
    return (lighter + 0.05) / (darker + 0.05);
  });
}"""


def colour_contrasts(marks: Locator, property: str = "fill") -> list[float]:
    """How far each of a chart's ``marks`` (SVG shapes by their ``fill``, boxes by their
    ``backgroundColor``) stands out from what is behind it, as WCAG's contrast ratio:
    1.4.11 asks 3:1 of the parts of a chart one must see."""
    return list(marks.evaluate_all(_COLOUR_CONTRAST, property))


def assert_no_word_split_across_lines(page: Page) -> None:
    """Fail when a line break cuts an ordinary word of the main content in two, as a
    narrow flex item under ``overflow-wrap: anywhere`` does on a phone, or a date at one
    of its hyphens or a score ("8 / 10") at its spaces, as a narrow table column does."""
    split = page.evaluate(_SPLIT_WORDS, LONGEST_UNBROKEN_WORD)
    assert not split, f"{page.url}: words broken across lines: {split}"


def assert_no_horizontal_scroll(page: Page) -> None:
    """Fail when the page is wider than the screen (a phone user would scroll sideways).

    Compared with the screen width, not ``innerWidth``: an emulated phone zooms out to
    fit wide content, which makes ``innerWidth`` grow with the overflow.
    """
    # A click may have just started a navigation: measure the page that arrives, never
    # the one unloading (whose document is already gone).
    page.wait_for_load_state()
    page.wait_for_function("() => document.documentElement !== null && document.body !== null")
    widths = page.evaluate(_WIDTHS)
    screen = (page.viewport_size or {}).get("width", widths["window"])
    if widths["page"] <= screen:
        return
    culprits = "\n".join(f"  - {html}" for html in page.evaluate(_OVERFLOWING, screen))
    hint = "" if widths["has_viewport_tag"] else f"\nThe page lacks {VIEWPORT_TAG}."

    raise AssertionError(
        f"{page.url} scrolls sideways: the page is {widths['page']} px wide on a {screen} px "
        f"screen. Elements reaching past the right edge:\n{culprits}{hint}"
    )


# The smallest target a thumb hits reliably (WCAG 2.5.5's 44 CSS px; Apple's and
# Google's guidelines ask about the same).
TAP_TARGET_PX = 44


def assert_tap_targets(controls: Locator) -> None:
    """Fail when one of ``controls`` is shorter than ``TAP_TARGET_PX`` or two of them
    overlap: on a phone a thumb aiming at one would press another, or miss."""
    boxes = [(control.inner_text(), control.bounding_box()) for control in controls.all()]
    assert boxes, f"no controls matched {controls}"
    for name, box in boxes:
        assert box and box["height"] >= TAP_TARGET_PX - 0.5, f"{name!r} is too small: {box}"
    for (name, box), (other, next_box) in pairwise(boxes):
        assert box and next_box
        apart = (
            next_box["y"] >= box["y"] + box["height"] - 0.5
            or next_box["x"] >= box["x"] + box["width"] - 0.5
            or box["x"] >= next_box["x"] + next_box["width"] - 0.5
        )
        assert apart, f"{name!r} {box} overlaps {other!r} {next_box}"


def tab_to(page: Page, target: Locator, max_presses: int = 40) -> None:
    """Press Tab, as a keyboard user does, until ``target`` has the focus.

    Fails when it never gets there: the element is not reachable from the keyboard.
    """
    if target.evaluate(_IS_FOCUSED):
        return
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if target.evaluate(_IS_FOCUSED):
            return
    raise AssertionError(f"{target} was not reached after {max_presses} presses of Tab")


def press_on(page: Page, target: Locator, key: str = "Enter") -> None:
    """Tab to ``target`` and press ``key`` on it, as a keyboard user does."""
    tab_to(page, target)
    page.keyboard.press(key)


def sign_up_by_keyboard(
    page: Page, name: str, email: str, password: str = "a long passphrase", role: str = "Student"
) -> None:
    """Fill and send the sign-up form shown on ``page`` with only Tab, typing, Space and Enter."""
    for label, text in [
        ("Your name", name),
        ("Email", email),
        ("Password", password),
        ("Repeat the password", password),
    ]:
        tab_to(page, page.get_by_label(label, exact=True))
        page.keyboard.type(text)
    choice = page.get_by_role("radio", name=role)
    press_on(page, choice, "Space")
    expect(choice).to_be_checked()
    press_on(page, page.get_by_role("button", name="Create account"))
    expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()


def fill_sign_up_form(
    page: Page,
    name: str,
    email: str,
    password: str = "a long passphrase",
    role: str = "Student",
    invite_code: str = "",
) -> None:
    """Fill and send the sign-up form shown on ``page``; waits for the new account's home.

    A teacher account needs ``invite_code`` (``factories.make_invite()`` makes one)."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat the password").fill(password)
    page.get_by_role("radio", name=role).check()
    if invite_code:
        # Folded away from students: a teacher opens it, here from the keyboard.
        page.locator("summary", has_text="I am a teacher with an invite code").press("Enter")
        page.get_by_label("Teacher invite code").fill(invite_code)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name=f"Hello, {name}")).to_be_visible()


def sign_up(page: Page, name: str, email: str, **details: str) -> None:
    """Create an account through the real form; ``details`` as ``fill_sign_up_form`` takes
    them (``role`` is the radio's text: Student/Teacher)."""
    page.goto("/auth/signup")
    fill_sign_up_form(page, name, email, **details)


def log_in(page: Page, email: str, password: str = "correct horse") -> None:
    """Log in through the real form (factory users' password is "correct horse")."""
    page.goto("/auth/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def announced(page: Page, region: str = "polite") -> Locator:
    """The live region (``polite``, or ``alert`` for errors) that static/flashes.js puts
    the page's messages in, where a screen reader announces them."""
    return page.locator(f"#flash-{region}")


def messages(page: Page) -> Locator:
    """The page's messages, wherever they are: in their live regions once flashes.js has
    run, where the page loaded them without scripts."""
    return page.locator(".flashes")


def screenshot_path(test_name: str) -> Path:
    """Where the screenshot of a test's last page goes (``test-output/`` is gitignored)."""
    return SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', test_name).strip('_')}.png"


class PageVisits:
    """The checks a journey runs on every page it shows, as ``visit(page, "page name")``.

    Every page must fit its screen (on a phone, no sideways scrolling); axe-core scans
    each distinct page (by name) once per test, as a scan takes about a second (and a page
    state another test already scanned reuses that scan: ``accessibility``). The scans
    run in the SQLite pass only: a page's markup and contrast do not depend on the
    database, and they are two thirds of a journey's time, so the PostgreSQL pass
    (``TEST_DATABASE_URL`` set) drives the same journeys for the database alone. With
    ``SCREENSHOT_EVERY_PAGE=1`` in the environment each distinct page is also saved, as
    ``<test name>-<nn>-<page name>.png``, to look at every step a user sees.
    """

    def __init__(self, test_name: str) -> None:
        self.test_name = test_name
        self.scanned: list[str] = []
        self.save_pages = os.environ.get("SCREENSHOT_EVERY_PAGE") == "1"
        self.scan = not os.environ.get("TEST_DATABASE_URL")

    def __call__(self, page: Page, name: str) -> None:
        assert_no_horizontal_scroll(page)
        assert_no_word_split_across_lines(page)
        if name in self.scanned:
            return
        self.scanned.append(name)
        if self.save_pages:
            path = screenshot_path(f"{self.test_name}-{len(self.scanned):02d}-{name}")
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(path), full_page=True)
        if self.scan:
            assert_accessible(page)
