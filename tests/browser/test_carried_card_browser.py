"""Continue after an answer shows the next card at once: the feedback page carried it,
so the browser asks the server nothing. The card behaves as if loaded (the answer box
has the focus, the address and title are the session's, a reload shows the same card),
and the time it records for the answer starts when the card appeared, not when the
feedback did. Without scripts Continue is a link to the card on the same page: it shows
with no request too, and its answer claims no time (nobody could measure it)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Request, expect
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Review
from tests.support.factories import make_user
from tests.support.study_fixtures import make_study_bank

from .harness import PHONE_CONTEXT
from .helpers import assert_accessible, log_in, screenshot_path

pytestmark = pytest.mark.browser

# How long the learner reads the feedback before Continue: longer than answering takes.
READING_SECONDS = 3


def token_on(page: Page) -> str:
    return page.locator("form.answer-form input[name=token]").input_value()


def answer_typed(page: Page, text: str) -> None:
    page.get_by_label("Your answer").fill(text)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Continue")).to_be_focused()


@pytest.mark.parametrize("where", ["desktop", "phone-dark"])
def test_continue_shows_the_carried_card_without_asking_the_server(
    make_page: Callable[..., Page], where: str
) -> None:
    make_study_bank(facts=3, kinds=("typed",), title="Resettlement")
    student = make_user(name="Cara Carried")
    options = dict(PHONE_CONTEXT, color_scheme="dark") if where == "phone-dark" else {}
    page = make_page(where, **options)
    log_in(page, student.email)
    page.goto("/study/")
    first = token_on(page)
    answer_typed(page, "no idea")

    documents: list[str] = []

    def keep_document(request: Request) -> None:
        if request.resource_type == "document":
            documents.append(request.url)

    page.on("request", keep_document)
    page.wait_for_timeout(READING_SECONDS * 1000)
    page.keyboard.press("Enter")  # Continue has the focus

    answer_box = page.get_by_label("Your answer")
    expect(answer_box).to_be_focused()
    expect(answer_box).to_have_value("")
    assert documents == [], f"Continue asked the server: {documents}"
    expect(page).to_have_url(re.compile(r"/study/$"))
    expect(page).to_have_title("Study · Quizapp")
    # Four: the fact answered wrong comes back within minutes, in this session.
    expect(page.locator(".session-count")).to_have_text("2 of 4")
    second = token_on(page)
    assert second != first
    answer_typed(page, "34,000")
    expect(page.get_by_role("region", name=re.compile("^Right"))).to_be_visible()
    duration = db.session.scalar(select(Review.duration_ms).where(Review.client_token == second))
    db.session.rollback()
    assert duration is not None and 0 < duration < READING_SECONDS * 1000, duration

    documents.clear()  # the answer's POST
    page.get_by_role("link", name="Continue").click()
    expect(page.locator(".session-count")).to_have_text("3 of 4")
    assert documents == [], f"Continue asked the server: {documents}"
    third = token_on(page)
    page.screenshot(path=screenshot_path(f"carried card {where}"), full_page=True)
    assert_accessible(page)
    page.reload()  # the address is the session's: the same card from the server
    expect(page.locator(".session-count")).to_have_text("3 of 4")
    assert token_on(page) == third


def test_without_scripts_continue_shows_the_carried_card_on_the_same_page(
    page_no_js: Page,
) -> None:
    make_study_bank(facts=3, kinds=("typed",))
    student = make_user(name="Nora Noscript")
    log_in(page_no_js, student.email)
    page_no_js.goto("/study/")
    first = token_on(page_no_js)
    page_no_js.get_by_label("Your answer").fill("no idea")
    page_no_js.get_by_role("button", name="Check").click()
    continue_link = page_no_js.get_by_role("link", name="Continue")
    expect(continue_link).to_be_focused()
    # Until Continue the carried card is hidden, to the eye and to a screen reader.
    expect(page_no_js.get_by_label("Your answer")).to_be_hidden()
    expect(page_no_js.get_by_role("heading", level=1)).to_have_count(1)

    documents: list[str] = []
    page_no_js.on(
        "request",
        lambda request: (
            documents.append(request.url) if request.resource_type == "document" else None
        ),
    )
    page_no_js.keyboard.press("Enter")
    answer_box = page_no_js.get_by_label("Your answer")
    expect(answer_box).to_be_visible()
    expect(answer_box).to_have_value("")
    assert documents == [], f"Continue asked the server: {documents}"
    expect(page_no_js.get_by_role("region", name=re.compile("^Wrong"))).to_be_hidden()
    expect(page_no_js.get_by_role("heading", level=1)).to_have_count(1)
    expect(page_no_js.locator(".session-count:visible")).to_have_text("2 of 4")
    second = page_no_js.locator("#next-card form.answer-form input[name=token]").input_value()
    assert second != first
    page_no_js.screenshot(path=screenshot_path("carried card without scripts"), full_page=True)
    assert_accessible(page_no_js)

    # The card has the focus (a screen reader reads it from its top); Tab walks into it:
    # the new fact's source, then the answer box.
    expect(page_no_js.locator("#next-card")).to_be_focused()
    page_no_js.keyboard.press("Tab")
    expect(
        page_no_js.get_by_role("link", name=re.compile("^Read it in the source"))
    ).to_be_focused()
    page_no_js.keyboard.press("Tab")
    expect(answer_box).to_be_focused()
    answer_box.fill("34,000")
    page_no_js.keyboard.press("Enter")
    expect(page_no_js.get_by_role("region", name=re.compile("^Right"))).to_be_visible()
    assert documents == [page_no_js.url.split("#")[0]], documents  # the answer's POST alone
    duration = db.session.scalar(select(Review.duration_ms).where(Review.client_token == second))
    db.session.rollback()
    assert duration is None  # not measured: no time is better than a wrong one


def test_the_carried_card_stays_hidden_while_the_stylesheet_is_not_there(page: Page) -> None:
    """A page is in the browser before its stylesheet (a slow network, a stylesheet that
    failed): the feedback alone shows, as it will once styled, not two cards stacked."""
    make_study_bank(facts=2, kinds=("typed",))
    student = make_user(name="Sam Slowstyle")
    log_in(page, student.email)
    page.goto("/study/")
    page.route(re.compile(r"/static/style\.css"), lambda route: route.abort())
    page.get_by_label("Your answer").fill("no idea")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("region", name=re.compile("^Wrong"))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_label("Your answer")).to_be_hidden()
    # Continue still shows the card (study.js swaps it in).
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_label("Your answer")).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


def test_enter_pressed_twice_continues_and_records_no_blank_answer(page: Page) -> None:
    """ "Check, then next" typed fast: the second Enter lands on the card just shown, whose
    empty box it must not answer as "no answer" (wrong). A moment later an empty answer
    ("I don't know") is taken, as before."""
    make_study_bank(facts=3, kinds=("typed",))
    student = make_user(name="Eddie Enter")
    log_in(page, student.email)
    page.goto("/study/")
    answer_typed(page, "no idea")
    page.keyboard.press("Enter")  # Continue
    page.keyboard.press("Enter")  # at once, on the new card's empty box
    answer_box = page.get_by_label("Your answer")
    expect(answer_box).to_be_focused()
    page.wait_for_timeout(300)
    expect(page.locator(".session-count")).to_have_text("2 of 4")
    assert db.session.scalar(select(func.count(Review.id))) == 1
    db.session.rollback()
    page.wait_for_timeout(800)
    page.keyboard.press("Enter")  # deliberately, later: "I don't know"
    expect(page.get_by_role("region", name=re.compile("^Wrong"))).to_be_visible()


def test_continue_followed_before_the_script_ran_still_focuses_the_card(page: Page) -> None:
    """Enter on Continue while the feedback page is still loading: the browser follows the
    link to the carried card itself. Once study.js runs, the card is the page's own, its
    answer box focused and the address the session's, as if Continue had been clicked."""
    make_study_bank(facts=3, kinds=("typed",))
    student = make_user(name="Lena Late")
    log_in(page, student.email)
    page.goto("/study/")
    script = page.locator('script[src*="study.js"]').get_attribute("src")
    assert script
    page.route(re.compile(r"/static/study\.js"), lambda route: route.abort())
    answer_typed(page, "no idea")  # Continue has the focus without the script
    page.keyboard.press("Enter")  # the browser follows Continue on its own
    expect(page).to_have_url(re.compile("#next-card$"))
    page.unroute(re.compile(r"/static/study\.js"))
    page.add_script_tag(url=script)  # the script arrives late
    expect(page.get_by_label("Your answer")).to_be_focused()
    expect(page).not_to_have_url(re.compile("next-card"))
    expect(page.locator(".session-count")).to_have_text("2 of 4")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


def test_back_after_continue_never_offers_the_answered_card_as_new(page: Page) -> None:
    make_study_bank(facts=3, kinds=("multiple_choice",))
    student = make_user(name="Bea Back")
    log_in(page, student.email)
    page.goto("/study/")
    first = token_on(page)
    page.keyboard.press("1")
    expect(page.get_by_role("link", name="Continue")).to_be_focused()
    page.keyboard.press("Enter")
    second = token_on(page)
    assert second != first
    page.go_back()
    expect(page.locator("form.answer-form input[name=token]")).not_to_have_value(first)
