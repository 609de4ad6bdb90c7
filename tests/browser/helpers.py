"""Checks a journey runs on the pages it visits: what axe-core and a person on a phone would notice.

``assert_accessible(page)`` runs axe-core (its ``axe.min.js`` comes from the
``axe-playwright-python`` package, never a copy in this repository) in light and in dark
mode (``prefers-color-scheme``, as a phone set to dark shows the app) and fails on any
serious or critical violation, naming the scheme, the rule, its help text and the elements.
axe needs scripts, so a page opened with JavaScript off is scanned in a twin page that
gets the very same HTML with every script blocked: the scan sees exactly what a visitor
without JavaScript gets.
"""

from __future__ import annotations

import os
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
BLOCKING_IMPACTS = ("serious", "critical")
# Dark first, so the page is left in light mode (a context's default) after the scans.
COLOR_SCHEMES = ("dark", "light")
VIEWPORT_TAG = '<meta name="viewport" content="width=device-width, initial-scale=1">'
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"

# Whether the page may run scripts, asked without running one (the Content-Security-Policy
# would refuse an inline probe): only with scripting on is <noscript> content parsed as text.
_SCRIPTS_RUN_PROBE = """() => {
  const holder = document.createElement('div');
  holder.innerHTML = '<noscript><p></p></noscript>';
  return holder.querySelector('noscript').children.length === 0;
}"""

# With scripts on, a browser shows <noscript> content as text; the twin must show it as markup.
_UNWRAP_NOSCRIPT = """() => document.querySelectorAll('noscript').forEach((element) => {
  const shown = document.createElement('div');
  shown.innerHTML = element.textContent;
  element.replaceWith(shown);
})"""

# Every running animation finished (a colour scheme's fade, the card's entry). Skipped:
# animations in a subtree the browser does not render (a closed <details>, whose content
# is content-visibility: hidden, so its transitions never tick and never finish), and
# cancelled ones; and never more than 3 s, so a stuck animation cannot hang a run.
SETTLED = """() => Promise.race([
  Promise.all(document.getAnimations()
    .filter((animation) => {
      const target = animation.effect && animation.effect.target;
      return !target || target.checkVisibility();
    })
    .map((animation) => animation.finished.catch(() => null))),
  new Promise((done) => setTimeout(done, 3000)),
])"""

_IS_FOCUSED = "(element) => element === document.activeElement"

_RUN_AXE = """async () => {
  if (typeof window.axe === 'undefined') { return null; }
  return await window.axe.run(document, {resultTypes: ['violations']});
}"""

_WIDTHS = """() => ({
  page: document.documentElement.scrollWidth,
  window: window.innerWidth,
  has_viewport_tag: document.querySelector('meta[name="viewport"]') !== null,
})"""

_OVERFLOWING = """(screen) => Array.from(document.querySelectorAll('body *'))
  .filter((element) => element.getBoundingClientRect().right > screen + 0.5)
  .slice(0, 5)
  .map((element) => element.outerHTML.slice(0, 120))"""


def axe_violations(page: Page, color_scheme: str = "light") -> list[dict[str, Any]]:
    """Every axe-core violation on the page as it is now (any impact), in that colour scheme."""
    page.wait_for_load_state()  # the stylesheet too: unstyled dark-mode links fail contrast
    page.emulate_media(color_scheme=color_scheme)  # type: ignore[arg-type]
    if page.evaluate(_SCRIPTS_RUN_PROBE):
        page.evaluate(SETTLED)  # colours fade to the new scheme: scan the end, not the fade
        return _run_axe(page)
    return _violations_without_scripts(page, color_scheme)


def assert_accessible(page: Page, color_schemes: tuple[str, ...] = COLOR_SCHEMES) -> None:
    """Fail when axe-core finds a serious or critical problem on the page as it is now,
    in any of ``color_schemes`` (light and dark)."""
    problems = []
    for scheme in color_schemes:
        violations = axe_violations(page, scheme)
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            problems.append(describe_violations(f"{page.url} in {scheme} mode", blocking))
    assert not problems, "\n".join(problems)


# Words of the page's main content that a line break cuts in two ("Saturda" / "y"):
# each run of up to LONGEST_UNBROKEN_WORD characters between spaces and hyphens (where
# lines may break) in a text node, measured by the lines its range's boxes sit on.
# Longer runs (a link's URL) may break anywhere.
LONGEST_UNBROKEN_WORD = 18
_SPLIT_WORDS = """(longest) => {
  const main = document.querySelector("main");
  if (!main) return [];
  // Words between spaces and dashes, and dates whole: "2026-11-" / "26" reads as two.
  const units = [/[^\\s\\-\u2010\u2013\u2014]+/gu, /\\d{4}-\\d{2}-\\d{2}/g];
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


def assert_no_word_split_across_lines(page: Page) -> None:
    """Fail when a line break cuts an ordinary word of the main content in two, as a
    narrow flex item under ``overflow-wrap: anywhere`` does on a phone, or a date at one
    of its hyphens, as a narrow table column does."""
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


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical problem(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = ", ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def screenshot_path(test_name: str) -> Path:
    """Where the screenshot of a test's last page goes (``test-output/`` is gitignored)."""
    return SCREENSHOT_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', test_name).strip('_')}.png"


def _run_axe(page: Page) -> list[dict[str, Any]]:
    page.evaluate(f"{AXE_SCRIPT}\n;0")
    results = page.evaluate(_RUN_AXE)
    assert results is not None, f"axe-core could not be loaded into {page.url}"
    return list(results["violations"])


def _violations_without_scripts(page: Page, color_scheme: str) -> list[dict[str, Any]]:
    """Scan a twin of a no-script page: same HTML, viewport and colour scheme, every page
    script blocked."""
    html = page.content()
    url = page.url.split("#", 1)[0]
    browser = page.context.browser
    assert browser is not None, "pages come from the session's browser"
    twin_context = browser.new_context(
        viewport=page.viewport_size,
        color_scheme=color_scheme,  # type: ignore[arg-type]
    )
    try:
        twin = twin_context.new_page()
        twin.route(
            lambda address: address.split("#", 1)[0] == url,
            lambda route: route.fulfill(
                status=200,
                headers={
                    "Content-Type": "text/html; charset=utf-8",
                    "Content-Security-Policy": "script-src 'none'",
                },
                body=html,
            ),
        )
        twin.goto(url)
        twin.evaluate(_UNWRAP_NOSCRIPT)
        return _run_axe(twin)
    finally:
        twin_context.close()


class PageVisits:
    """The checks a journey runs on every page it shows, as ``visit(page, "page name")``.

    Every page must fit its screen (on a phone, no sideways scrolling); axe-core scans
    each distinct page (by name) once per test, as a scan takes about a second. The scans
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
