"""axe-core scans of the pages a journey shows, each distinct page state scanned once a run.

``assert_accessible(page)`` runs axe-core (its ``axe.min.js`` comes from the
``axe-playwright-python`` package, never a copy in this repository) in dark and in light
mode (``prefers-color-scheme``, as a phone set to dark shows the app) and fails on any
serious or critical violation, naming the scheme, the rule, its help text and the elements.
axe needs scripts, so a page opened with JavaScript off is scanned in a twin page that
gets the very same HTML with every script blocked: the scan sees exactly what a visitor
without JavaScript gets.

A scan takes a second or more and the journeys meet the same page states again and again
(the landing page, a quiz's results...), so each result is kept for the rest of the run,
keyed by everything a scan's result depends on: the address, the colour scheme, the
viewport, whether scripts run, the page's markup (without the per-session CSRF token and
hidden fields' values, which nothing shows), and for a live page also what its form
controls hold, which element has the focus and which is under the pointer, the media
features its browser context emulates and how far it is scrolled. A page that differs
in any of these is scanned afresh; a page whose kept result has violations fails every
test that shows it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Route

AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
BLOCKING_IMPACTS = ("serious", "critical")
# Dark first, so the page is left in light mode (a context's default) after the scans.
COLOR_SCHEMES = ("dark", "light")

# Every running animation brought to its end at once (a colour scheme's fade, the card's
# entry): a scan sees the page as it settles, without waiting for it (0.15 s a scan, a
# minute of the suite). An endless animation has no end and is left running.
SETTLED = """() => document.getAnimations().forEach((animation) => {
  try { animation.finish(); } catch (endless) { /* InvalidStateError: no end to go to */ }
})"""

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

_AXE_LOADED = "() => typeof window.axe !== 'undefined'"

_RUN_AXE = """async () => {
  if (typeof window.axe === 'undefined') { return null; }
  return await window.axe.run(document, {resultTypes: ['violations']});
}"""

# What a scan's result depends on, as one string (``live``: the page itself is scanned, so
# its focus, pointer, form controls' state, emulated media and scrolling count too;
# otherwise a twin gets the markup alone). Elements are named by their place in the tree.
_PAGE_STATE = """(live) => {
  const where = (element) => {
    const steps = [];
    for (let node = element; node && node.parentElement; node = node.parentElement) {
      steps.unshift(Array.prototype.indexOf.call(node.parentElement.children, node));
    }
    return steps.join('.');
  };
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll('meta[name="csrf-token"]').forEach((tag) => tag.removeAttribute('content'));
  copy.querySelectorAll('input[type="hidden"]').forEach((tag) => tag.removeAttribute('value'));
  if (!live) { return copy.outerHTML; }
  const media = ['(prefers-color-scheme: dark)', '(prefers-reduced-motion: reduce)',
    '(forced-colors: active)', '(prefers-contrast: more)', '(pointer: coarse)', '(hover: none)'];
  return JSON.stringify({
    html: copy.outerHTML,
    controls: Array.from(document.querySelectorAll('input:not([type="hidden"]), select, textarea'),
      (control) => (control.type === 'checkbox' || control.type === 'radio'
        ? control.checked : control.value)),
    focus: where(document.activeElement),
    pointer: where(Array.from(document.querySelectorAll(':hover')).pop()),
    media: media.map((query) => window.matchMedia(query).matches),
    ratio: window.devicePixelRatio,
    window: [window.innerWidth, window.innerHeight, window.scrollX, window.scrollY],
  });
}"""

Violations = list[dict[str, Any]]


@dataclass
class ScanResults:
    """Every scan's violations this run, by page state; and how often a kept one served."""

    found: dict[tuple[str, ...], Violations] = field(default_factory=dict)
    reused: int = 0

    def get(self, key: tuple[str, ...]) -> Violations | None:
        violations = self.found.get(key)
        if violations is not None:
            self.reused += 1
        return violations


# One run is one process: the results live as long as the session's browser.
SCANS = ScanResults()


def assert_accessible(page: Page, color_schemes: tuple[str, ...] = COLOR_SCHEMES) -> None:
    """Fail when axe-core finds a serious or critical problem on the page as it is now,
    in any of ``color_schemes`` (dark and light)."""
    page.wait_for_load_state()  # the stylesheet too: unstyled dark-mode links fail contrast
    if page.evaluate(_SCRIPTS_RUN_PROBE):
        found = {scheme: _live_violations(page, scheme) for scheme in color_schemes}
    else:
        found = _violations_without_scripts(page, color_schemes)
    problems = []
    for scheme in color_schemes:
        blocking = [v for v in found[scheme] if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            problems.append(describe_violations(f"{page.url} in {scheme} mode", blocking))
    assert not problems, "\n".join(problems)


def describe_violations(url: str, violations: Violations) -> str:
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


def _live_violations(page: Page, color_scheme: str) -> Violations:
    """Scan the page itself in ``color_scheme``, unless the same state was scanned before."""
    page.emulate_media(color_scheme=color_scheme)  # type: ignore[arg-type]
    page.evaluate(SETTLED)  # colours fade to the new scheme: scan the end, not the fade
    key = ("live", color_scheme, _address(page.url), _viewport(page), _state(page, live=True))
    kept = SCANS.get(key)
    if kept is not None:
        return kept
    violations = SCANS.found[key] = _run_axe(page)
    return violations


def _violations_without_scripts(
    page: Page, color_schemes: tuple[str, ...]
) -> dict[str, Violations]:
    """Scan a twin of a no-script page (same HTML and viewport, every page script blocked)
    in each scheme not scanned before for the same markup."""
    url = page.url.split("#", 1)[0]  # the twin loads the document, never jumps to a fragment
    markup = _state(page, live=False)
    keys = {
        scheme: ("twin", scheme, _address(url), _viewport(page), markup) for scheme in color_schemes
    }
    found = {scheme: SCANS.get(key) for scheme, key in keys.items()}
    missing = [scheme for scheme, violations in found.items() if violations is None]
    if missing:
        twin = _twin_of(page)
        twin.show(url, page.content(), page.viewport_size, missing[0])
        for scheme in missing:
            found[scheme] = SCANS.found[keys[scheme]] = twin.scan(scheme)
        twin.clear()
    return {scheme: violations or [] for scheme, violations in found.items()}


class ScriptFreeTwin:
    """One page that shows a given HTML at its own address with every script blocked.

    Reused for every no-script scan of the run: a fresh browser context per scan cost more
    than the scan itself.
    """

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.page = browser.new_context().new_page()
        self.url = ""
        self.html = ""
        self.page.route(lambda address: address.split("#", 1)[0] == self.url, self._serve)

    def _serve(self, route: Route) -> None:
        route.fulfill(
            status=200,
            headers={
                "Content-Type": "text/html; charset=utf-8",
                "Content-Security-Policy": "script-src 'none'",
            },
            body=self.html,
        )

    def show(self, url: str, html: str, viewport: Any, color_scheme: str) -> None:
        self.url, self.html = url, html
        if viewport:
            self.page.set_viewport_size(viewport)
        self.page.emulate_media(color_scheme=color_scheme)  # type: ignore[arg-type]
        self.page.goto(url)
        self.page.evaluate(_UNWRAP_NOSCRIPT)

    def clear(self) -> None:
        """Leave the page shown, so that nothing holds on to the test's server."""
        self.page.goto("about:blank")

    def scan(self, color_scheme: str) -> Violations:
        self.page.emulate_media(color_scheme=color_scheme)  # type: ignore[arg-type]
        self.page.evaluate(SETTLED)
        return _run_axe(self.page)


_twins: list[ScriptFreeTwin] = []


def _twin_of(page: Page) -> ScriptFreeTwin:
    """The run's twin page, opened in ``page``'s browser on first use."""
    browser = page.context.browser
    assert browser is not None, "pages come from the session's browser"
    if not _twins or _twins[0].browser is not browser or _twins[0].page.is_closed():
        _twins[:] = [ScriptFreeTwin(browser)]
    return _twins[0]


def _run_axe(page: Page) -> Violations:
    if not page.evaluate(_AXE_LOADED):  # loaded once a document, for both schemes
        page.evaluate(f"{AXE_SCRIPT}\n;0")
    results = page.evaluate(_RUN_AXE)
    assert results is not None, f"axe-core could not be loaded into {page.url}"
    return list(results["violations"])


def _address(url: str) -> str:
    """The URL without its origin: each test's server has its own port."""
    return urlsplit(url)._replace(scheme="", netloc="").geturl()


def _viewport(page: Page) -> str:
    size = page.viewport_size or {}
    return f"{size.get('width')}x{size.get('height')}"


def _state(page: Page, live: bool) -> str:
    return hashlib.sha256(page.evaluate(_PAGE_STATE, live).encode()).hexdigest()
