"""A form is sent once: the teacher who presses "Import" again while the first press is
on its way (a big file takes a moment, and an impatient second press is common) sees
the import's summary, and the server got one request."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, Request, Route, expect

from quizapp.models import User
from tests.support.paths import FIXTURES

from .helpers import log_in

pytestmark = pytest.mark.browser


def test_pressing_import_again_while_it_is_on_its_way_sends_it_once(
    page: Page, teacher: User
) -> None:
    log_in(page, teacher.email)
    page.goto("/teach/uploads/new")
    page.get_by_label("Question file").set_input_files(str(FIXTURES / "aiken.txt"))
    page.get_by_role("button", name="Preview").click()

    def slowly(route: Route) -> None:
        """The import as a big file's would be: its answer a while in coming."""
        time.sleep(1.0)
        route.continue_()

    page.route("**/import?*", slowly)
    posts: list[Request] = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    box = page.get_by_role("button", name="Import all 3 questions").bounding_box()
    assert box is not None
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(*centre)
    page.wait_for_timeout(300)
    page.mouse.click(*centre)  # the second press, while the first is on its way
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    assert [request.url.split("?")[0].rsplit("/", 2)[-2:] for request in posts] == [["1", "import"]]
    expect(page.locator(".import-summary .stat-value").first).to_have_text("3")
