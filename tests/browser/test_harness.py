"""The browser checks catch what they promise to catch, so a green journey means something."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from .accessibility import assert_accessible
from .harness import RecordingErrors, require_chromium, watch_csp_violations
from .helpers import assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

FAKE_URL = "http://quizapp.test/page"


def serve(page: Page, body: str) -> None:
    """Show ``body`` as a complete page at a fixed address, without the app."""
    html = (
        '<!doctype html><html lang="en"><head><title>Test</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"</head><body>{body}</body></html>"
    )
    page.route(FAKE_URL, lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(FAKE_URL)


BROKEN = '<main><h1>Broken</h1><img src="/missing.png"><input type="text"></main>'


def assert_fails_naming_each_problem(page: Page) -> None:
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "label (critical)" in message  # the <input> nothing names
    assert "at img:" in message


@pytest.mark.parametrize("javascript", [True, False], ids=["scripts", "no-scripts"])
def test_the_accessibility_scan_names_each_serious_problem_and_the_element(
    javascript: bool, make_page: Callable[..., Page]
) -> None:
    page = make_page(java_script_enabled=javascript)
    serve(page, BROKEN)
    assert_fails_naming_each_problem(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["scripts", "no-scripts"])
def test_a_broken_page_met_again_fails_again_though_its_scan_is_reused(
    javascript: bool, make_page: Callable[..., Page]
) -> None:
    for _ in range(2):  # a second visitor, in a browser context of their own
        page = make_page(java_script_enabled=javascript)
        serve(page, BROKEN)
        assert_fails_naming_each_problem(page)


def test_each_page_without_javascript_is_scanned_as_it_is_not_as_the_page_before(
    page_no_js: Page,
) -> None:
    # Pages no other test shows, so each is scanned here, one after another in the one twin.
    serve(page_no_js, "<main><h1>Twin, first</h1><p>Readable.</p></main>")
    assert_accessible(page_no_js)
    serve(page_no_js, BROKEN.replace("Broken", "Twin, broken"))  # the same address
    assert_fails_naming_each_problem(page_no_js)
    serve(page_no_js, "<main><h1>Twin, mended</h1><p>Readable.</p></main>")
    assert_accessible(page_no_js)


def test_a_page_that_differs_only_in_a_label_is_scanned_afresh(page: Page) -> None:
    serve(page, '<main><h1>Form</h1><label>Name <input type="text"></label></main>')
    assert_accessible(page)
    serve(page, '<main><h1>Form</h1><input type="text"></main>')
    with pytest.raises(AssertionError, match=r"label \(critical\)"):
        assert_accessible(page)


ONLY_DARK_MODE_UNREADABLE = (
    "<style>@media (prefers-color-scheme: dark) { body { background: #000; color: #222; } }"
    "</style><main><h1>Night</h1><p>Hard to read at night.</p></main>"
)


@pytest.mark.parametrize("fixture", ["page", "page_no_js"])
def test_the_scan_checks_dark_mode_too(fixture: str, request: pytest.FixtureRequest) -> None:
    page: Page = request.getfixturevalue(fixture)
    serve(page, ONLY_DARK_MODE_UNREADABLE)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "in dark mode" in message and "color-contrast (serious)" in message
    assert "in light mode" not in message
    assert_accessible(page, color_schemes=("light",))


def test_a_page_without_javascript_is_scanned_as_such_including_noscript_content(
    page_no_js: Page,
) -> None:
    serve(page_no_js, '<main><h1>Fine</h1><noscript><img src="/missing.png"></noscript></main>')
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        assert_accessible(page_no_js)


def test_a_clean_page_passes_the_scan(page_no_js: Page) -> None:
    serve(page_no_js, "<header>Site</header><main><h1>Fine</h1><p>Readable.</p></main>")
    assert_accessible(page_no_js)


def test_a_page_wider_than_a_phone_fails_the_sideways_scroll_check(phone_page: Page) -> None:
    serve(phone_page, '<main><h1>Wide</h1><pre style="width: 500px">wide</pre></main>')
    with pytest.raises(AssertionError, match=r"scrolls sideways.*360 px screen(.|\n)*<pre"):
        assert_no_horizontal_scroll(phone_page)


def test_a_phone_page_without_a_viewport_tag_fails_the_sideways_scroll_check(
    phone_page: Page,
) -> None:
    phone_page.route(FAKE_URL, lambda route: route.fulfill(content_type="text/html", body="Hi"))
    phone_page.goto(FAKE_URL)
    with pytest.raises(AssertionError, match='lacks <meta name="viewport"'):
        assert_no_horizontal_scroll(phone_page)


def test_a_server_exception_is_kept_for_the_test_to_report() -> None:
    def failing_app(environ: dict[str, Any], start_response: Any) -> Any:
        raise RuntimeError("view crashed")

    recorder = RecordingErrors(failing_app)
    with pytest.raises(RuntimeError):
        recorder({}, lambda *args: None)
    assert "RuntimeError: view crashed" in recorder.errors[0]


def test_a_missing_browser_skips_locally_but_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    missing = str(tmp_path / "no-chromium")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception, match="make browser"):
        require_chromium(missing)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_chromium(missing)


def test_an_inline_script_or_style_refused_by_the_policy_is_reported(browser: Browser) -> None:
    context = browser.new_context()
    violations: list[str] = []
    watch_csp_violations(context, violations)
    try:
        page = context.new_page()
        page.route(
            FAKE_URL,
            lambda route: route.fulfill(
                status=200,
                headers={
                    "Content-Type": "text/html; charset=utf-8",
                    "Content-Security-Policy": "script-src 'self'; style-src 'self'",
                },
                body='<p style="color: red">x</p><script>document.title = "ran"</script>',
            ),
        )
        page.goto(FAKE_URL)
        page.evaluate("0")
        assert page.title() != "ran"
        assert any("inline script" in violation for violation in violations), violations
        assert any("inline style" in violation for violation in violations), violations
    finally:
        context.close()
