"""Study settings in a real browser: the time zone is picked from a list, and this
device's own zone is offered (chosen already for a learner who never picked one)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from quizapp.extensions import db
from quizapp.models import User
from tests.support.factories import make_user

from .harness import PHONE_CONTEXT
from .helpers import PageVisits, assert_tap_targets, log_in

pytestmark = pytest.mark.browser

SEOUL_DEVICE = {"timezone_id": "Asia/Seoul", "locale": "ko-KR"}


def test_a_learner_who_never_chose_a_zone_finds_their_devices_zone_chosen(
    make_page: Callable[..., Page], visit: PageVisits
) -> None:
    student = make_user()
    page = make_page("desktop", **SEOUL_DEVICE)
    log_in(page, student.email)
    page.goto("/study/settings")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("Asia/Seoul")
    expect(page.locator("#device-zone")).to_contain_text("Chosen from this device's clock")
    visit(page, "study settings")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Study settings saved.")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(User, student.id).time_zone == "Asia/Seoul"


def test_a_learner_who_chose_a_zone_keeps_it_and_may_switch_by_keyboard(
    make_page: Callable[..., Page],
) -> None:
    student = make_user()
    student.time_zone = "Europe/London"
    db.session.commit()
    page = make_page("desktop", **SEOUL_DEVICE)
    log_in(page, student.email)
    page.goto("/study/settings")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("Europe/London")
    use_device = page.get_by_role("button", name="Use Asia/Seoul")
    use_device.focus()
    page.keyboard.press("Enter")
    expect(zone).to_have_value("Asia/Seoul")
    expect(zone).to_be_focused()
    # The list itself answers the keyboard: typing a name picks it.
    page.keyboard.type("Europe/Lon")
    expect(zone).to_have_value("Europe/London")


def test_how_much_to_remember_is_picked_with_arrow_keys(make_page: Callable[..., Page]) -> None:
    student = make_user()
    page = make_page("desktop")
    log_in(page, student.email)
    page.goto("/study/settings")
    group = page.get_by_role("group", name="How much do you want to remember?")
    group.get_by_role("radio", name="90%: about").focus()
    page.keyboard.press("ArrowDown")
    expect(group.get_by_role("radio", checked=True)).to_have_value("0.95")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Study settings saved.")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(User, student.id).desired_retention == 0.95


def test_on_a_phone_using_the_devices_zone_is_a_thumb_sized_target(
    make_page: Callable[..., Page],
) -> None:
    """Probe: under the time zone list, "Use Asia/Seoul" was an 18 px line of text."""
    student = make_user()
    student.time_zone = "Europe/London"
    db.session.commit()
    phone = make_page("phone", **PHONE_CONTEXT, **SEOUL_DEVICE)
    log_in(phone, student.email)
    phone.goto("/study/settings")
    assert_tap_targets(phone.get_by_role("button", name="Use Asia/Seoul"))
