"""Real-browser fixtures: the real app on a live localhost server, driven by Debian's Chromium.

- ``app_server``: the app (the ``app`` fixture: test settings, this test's own database)
  served by a threaded werkzeug server on a free port; ``app_server.url`` is its address.
- ``browser``: one headless Chromium for the whole run (``/usr/bin/chromium``, or
  ``CHROMIUM_PATH``). Missing, it skips the browser tests; under ``CI=true`` it fails them.
- ``make_page(label=None, **context_options)``: a page in a fresh browser context (own
  cookies) whose relative URLs go to the live server; options as Playwright's
  ``Browser.new_context`` (``java_script_enabled``, ``viewport``...).
- ``page`` (desktop 1280x800), ``page_no_js`` (JavaScript off), ``phone_page`` (360x740).
- ``visit``: call ``visit(page, "page name")`` on each page a journey shows: it fits the
  screen, and axe-core scans each distinct page once (``helpers.PageVisits``).

Every page's last view is saved to ``test-output/screenshots/<test name>[-label].png``,
also when the test fails. Like the test client, every request the browser sends first
rolls back the test's own database session: data a test sets up must be committed
(factories commit), and objects are reloaded afterwards. A server-side exception fails
the test with its traceback, and so does an uncaught JavaScript error in a page or
anything the Content-Security-Policy refused (an inline script, style or handler).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Error, Page, expect, sync_playwright

from quizapp.extensions import db

from .accessibility import SCANS
from .harness import (
    ACTION_TIMEOUT_MS,
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    DESKTOP,
    PHONE_CONTEXT,
    LiveServer,
    SeededBank,
    require_chromium,
    watch_csp_violations,
)
from .helpers import PageVisits, screenshot_path

expect.set_options(timeout=ACTION_TIMEOUT_MS)  # a busy machine is slow, not broken


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How many page states axe-core scanned, and how many scans a repeated state reused."""
    if SCANS.found:
        terminalreporter.write_line(
            f"axe-core: {len(SCANS.found)} scans of distinct page states, "
            f"{SCANS.reused} reused for a page state met again"
        )


@pytest.fixture
def app_server(app: Flask) -> Iterator[LiveServer]:
    server = LiveServer(app)
    server.start()
    try:
        yield server
    finally:
        server.stop()
    if server.wsgi.errors:
        pytest.fail("The server failed a request:\n" + "\n".join(server.wsgi.errors))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the run (each test gets its own context, so its own cookies)."""
    require_chromium(CHROMIUM_PATH)
    with sync_playwright() as driver:
        # Playwright gives the browser a fresh temporary profile and deletes it on close.
        chromium = driver.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def make_page(
    request: pytest.FixtureRequest, browser: Browser, app_server: LiveServer
) -> Iterator[Callable[..., Page]]:
    """Open a page in a new browser context; screenshot and close it when the test ends."""
    opened: list[tuple[str | None, BrowserContext, Page]] = []
    script_errors: list[str] = []
    csp_violations: list[str] = []
    test_session = db.session()  # this test's own session, rolled back before each request

    def roll_back_test_session(_request: object) -> None:
        test_session.rollback()

    def keep_script_error(error: Error) -> None:
        script_errors.append(f"{error.name}: {error.message}")

    def open_page(label: str | None = None, **context_options: Any) -> Page:
        context_options.setdefault("viewport", DESKTOP)
        # The accounts tests make live in UTC: a browser elsewhere would be offered its
        # own zone on every home page (static/time-zone.js). A test may pick another.
        context_options.setdefault("timezone_id", "UTC")
        context = browser.new_context(base_url=app_server.url, **context_options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.on("request", roll_back_test_session)
        context.on("weberror", lambda web_error: keep_script_error(web_error.error))
        watch_csp_violations(context, csp_violations)
        page = context.new_page()
        opened.append((label, context, page))
        return page

    yield open_page

    for label, context, page in opened:
        try:
            name = request.node.name + (f"-{label}" if label else "")
            path = screenshot_path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(path), full_page=True)
        finally:
            context.close()
    if script_errors:
        pytest.fail("A page's JavaScript failed:\n" + "\n".join(script_errors))
    if csp_violations:
        pytest.fail("A page broke the Content-Security-Policy:\n" + "\n".join(csp_violations))


@pytest.fixture
def page(make_page: Callable[..., Page]) -> Page:
    """A desktop-sized page (1280x800) with JavaScript on."""
    return make_page()


@pytest.fixture
def page_no_js(make_page: Callable[..., Page]) -> Page:
    """A desktop-sized page with JavaScript off: the app must work without it."""
    return make_page(java_script_enabled=False)


@pytest.fixture
def phone_page(make_page: Callable[..., Page]) -> Page:
    """A 360x740 phone-sized touch page."""
    return make_page(**PHONE_CONTEXT)


@pytest.fixture
def visit(request: pytest.FixtureRequest) -> PageVisits:
    """``visit(page, "page name")`` on every page a journey shows: see ``PageVisits``."""
    return PageVisits(request.node.name)


@pytest.fixture
def built_in_bank(app: Flask) -> SeededBank:
    """A built-in bank every account sees, with three facts and a citation."""
    from tests.support.factories import make_bank, make_fact

    bank = make_bank(
        slug="resettlement-basics",
        title="Resettlement basics",
        description="Practice bank made for the browser tests.",
        source_publication="Test Gazette",
        source_headline="A made-up headline for tests",
        source_date="2024-07-14",
    )
    statements = [
        ("first-step", "Arrivals first spend weeks in a state-run centre."),
        ("housing", "Newcomers are offered help to rent a first home."),
        ("holiday", "A yearly day now honours people who came from the North."),
    ]
    for position, (key, statement) in enumerate(statements, start=1):
        make_fact(
            bank,
            key=key,
            statement=statement,
            position=position,
            source_ref=f"paragraph {position}",
            source_paragraph=position,
        )
    # Reading bank.slug after the commits opens a transaction (on SQLite, the write lock);
    # the request hook in make_page ends it before the server needs the database.
    return SeededBank(bank.slug, bank.title, statements)
