"""A learner whose device is in Seoul and whose account lives in UTC (as one an LMS
made does) is offered Seoul on their home page, and one press moves their days there;
a device in the account's zone is offered nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User

from .helpers import log_in, messages

pytestmark = pytest.mark.browser


def test_a_device_in_seoul_is_offered_seoul_and_one_press_moves_the_days_there(
    make_page: Callable[..., Page], student: User
) -> None:
    page = make_page(timezone_id="Asia/Seoul")
    log_in(page, student.email)
    page.goto("/")
    offer = page.locator("form[data-zone-offer]")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("Your study days end at midnight in UTC")
    offer.get_by_role("button", name="Use Asia/Seoul").click()
    expect(messages(page)).to_contain_text("Your days now follow Asia/Seoul.")
    expect(page.locator("form[data-zone-offer]")).to_be_hidden()
    db.session.rollback()
    assert db.session.scalar(select(User.time_zone).where(User.id == student.id)) == "Asia/Seoul"


def test_a_device_in_the_accounts_zone_is_offered_nothing(page: Page, student: User) -> None:
    log_in(page, student.email)
    page.goto("/")
    expect(page.get_by_role("heading", name="Study")).to_be_visible()
    expect(page.locator("form[data-zone-offer]")).to_be_hidden()


def test_another_name_of_the_accounts_zone_is_offered_nothing(
    make_page: Callable[..., Page], student: User
) -> None:
    """US/Eastern and America/New_York are one zone: offering it would change nothing."""
    student.time_zone = "US/Eastern"
    db.session.commit()
    page = make_page(timezone_id="America/New_York")
    log_in(page, student.email)
    page.goto("/")
    expect(page.get_by_role("heading", name="Study")).to_be_visible()
    expect(page.locator("form[data-zone-offer]")).to_be_hidden()


def test_a_learner_who_keeps_their_accounts_zone_is_not_asked_again_on_this_device(
    make_page: Callable[..., Page], student: User
) -> None:
    """A learner who studies by UTC on purpose (or by their home zone while away) says so
    once; the offer then stays away on the home page and at a session's end alike, and
    their days stay where they were."""
    page = make_page(timezone_id="Asia/Seoul")
    log_in(page, student.email)
    page.goto("/")
    offer = page.locator("form[data-zone-offer]")
    offer.get_by_role("button", name="Keep UTC").press("Enter")
    expect(offer).to_be_hidden()
    expect(page.locator("main")).to_be_focused()  # the keyboard goes on from the page
    page.reload()
    expect(page.get_by_role("heading", name="Study")).to_be_visible()
    expect(page.locator("form[data-zone-offer]")).to_be_hidden()
    db.session.rollback()
    assert db.session.scalar(select(User.time_zone).where(User.id == student.id)) == "UTC"


def test_keeping_the_zone_on_one_device_still_offers_another_devices_zone(
    make_page: Callable[..., Page], student: User
) -> None:
    """What was kept is this account's zone against this device's: a trip to another zone
    is worth asking about again."""
    page = make_page(timezone_id="Asia/Seoul")
    log_in(page, student.email)
    page.goto("/")
    page.locator("form[data-zone-offer]").get_by_role("button", name="Keep UTC").click()
    expect(page.locator("form[data-zone-offer]")).to_be_hidden()
    # The same browser (its cookies and storage) carried to London.
    away = make_page(timezone_id="Europe/London", storage_state=page.context.storage_state())
    away.goto("/")
    offer = away.locator("form[data-zone-offer]")
    expect(offer).to_be_visible()
    expect(offer.get_by_role("button", name="Use Europe/London")).to_be_visible()


def test_the_offers_two_buttons_stand_apart_when_they_wrap_in_the_study_card(
    make_page: Callable[..., Page], student: User
) -> None:
    """Probe: in the home page's narrow Study card, "Use Europe/London" and "Keep
    America/Los_Angeles" wrapped onto two lines of one paragraph, their borders touching
    as one block of two buttons."""
    student.time_zone = "America/Los_Angeles"
    db.session.commit()
    page = make_page(timezone_id="Europe/London")
    log_in(page, student.email)
    page.goto("/")
    offer = page.locator("form[data-zone-offer]")
    use = offer.get_by_role("button", name="Use Europe/London")
    keep = offer.get_by_role("button", name="Keep America/Los_Angeles")
    expect(keep).to_be_visible()
    first, second = use.bounding_box(), keep.bounding_box()
    assert first and second
    apart = max(
        second["y"] - (first["y"] + first["height"]), second["x"] - (first["x"] + first["width"])
    )
    assert apart >= 4, f"the buttons touch: {first} {second}"


def test_the_use_button_reads_with_one_space_before_the_zone(
    make_page: Callable[..., Page], student: User
) -> None:
    """Probe: "Use  Europe/London" read with a wide gap: the button's flex gap between
    "Use" and the zone's name (its icon gap), where words want one space."""
    page = make_page(timezone_id="Europe/London")
    log_in(page, student.email)
    page.goto("/")
    use = page.locator("form[data-zone-offer]").get_by_role("button", name="Use Europe/London")
    expect(use).to_be_visible()
    gap, space = use.evaluate(
        """button => {
            const zone = button.querySelector("[data-zone-name]");
            const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
            let word = walker.nextNode();
            while (word && !word.data.includes("Use")) word = walker.nextNode();
            const range = document.createRange();
            const at = word.data.indexOf("Use");
            range.setStart(word, at);
            range.setEnd(word, at + 3);
            const probe = document.createElement("span");
            probe.textContent = "\\u00a0";
            zone.after(probe);
            const space = probe.getBoundingClientRect().width;
            probe.remove();
            return [zone.getBoundingClientRect().left - range.getBoundingClientRect().right, space];
        }"""
    )
    assert abs(gap - space) <= 1, f"{gap:.1f} px between Use and the zone, a space is {space:.1f}"
