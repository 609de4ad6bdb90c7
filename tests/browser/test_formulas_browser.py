"""A maths deck's formulas read as typeset mathematics on the study card, on a desktop
and on a phone, in light and dark mode: a fraction is drawn as a fraction."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.support.factories import make_bank, make_fact, make_question, make_user

from .accessibility import assert_accessible
from .harness import PHONE_CONTEXT
from .helpers import assert_no_horizontal_scroll, log_in

pytestmark = pytest.mark.browser

PROMPT = r"What is \(\frac{1}{2} \times 10\)?"
EXPLANATION = r"Half of ten: \[\frac{10}{2} = 5\]"


@pytest.mark.parametrize("where", ["desktop", "phone-dark"])
def test_a_fraction_on_the_study_card_is_drawn_as_a_fraction(
    make_page: Callable[..., Page], where: str
) -> None:
    bank = make_bank(title="Fractions")
    fact = make_fact(bank, statement="Half of ten is five.")
    make_question(fact, kind="typed", prompt=PROMPT, answer="5", explanation=EXPLANATION)
    student = make_user(name="Max Maths")
    options = dict(PHONE_CONTEXT, color_scheme="dark") if where == "phone-dark" else {}
    page = make_page(where, **options)
    log_in(page, student.email)
    page.goto("/study/")

    question = page.get_by_role("region", name="Question")
    expect(question).to_contain_text("What is")
    expect(question).not_to_contain_text("\\frac")
    fraction = question.locator("math mfrac")
    expect(fraction).to_be_visible()
    numerator = fraction.locator("mn").first.bounding_box()
    denominator = fraction.locator("mn").last.bounding_box()
    assert numerator and denominator
    assert numerator["y"] + numerator["height"] <= denominator["y"] + 1, "1 is not over 2"
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    page.get_by_label("Your answer").fill("5")
    page.keyboard.press("Enter")
    expect(page.locator(".explanation math[display=block]")).to_be_visible()
    expect(page.get_by_text("\\frac")).to_have_count(0)
    assert_accessible(page)
