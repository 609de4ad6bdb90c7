"""The design's promises in a real browser: a learner picks a 5-question quiz and reads
"N / 5"; the app's icons and manifest load; Korean text renders with real glyphs. Every
page visited is scanned by axe in light and dark mode and must not scroll sideways."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.support.factories import make_bank, make_fact, make_question, make_user
from tests.support.study_fixtures import make_study_bank

from .harness import PHONE_CONTEXT
from .helpers import PageVisits, log_in
from .learners import ClickingLearner, finish_quiz

pytestmark = pytest.mark.browser

QUIZ_BANK = "Resettlement quiz"
KOREAN_TITLE = "탈북민의 날 — 통일부"


@pytest.fixture
def quiz_bank(app: Flask) -> str:
    make_study_bank(facts=12, kinds=("multiple_choice", "true_false"), title=QUIZ_BANK)
    return QUIZ_BANK


def five_question_quiz(page: Page, visit: PageVisits, learner: ClickingLearner) -> None:
    log_in(page, make_user(name="Quinn Quiz").email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quizzes").click()
    card = page.get_by_role("region", name=QUIZ_BANK)
    expect(card.get_by_role("radio", name="10")).to_be_checked()  # the default length
    visit(page, "quizzes")
    learner.press(card.get_by_text("5", exact=True))
    expect(card.get_by_role("radio", name="5", exact=True)).to_be_checked()
    learner.press(card.get_by_role("button", name=f"Take a quiz on {QUIZ_BANK}"))

    answers = finish_quiz(page, learner, visit, wrong={2, 4})
    assert len(answers) == 5
    main = page.get_by_role("main")
    expect(main.get_by_role("status")).to_have_text("Score: 3 / 5")
    expect(main.get_by_text("60% right")).to_be_visible()
    missed = page.get_by_role("region", name="To go over: 2 missed")
    expect(missed.get_by_role("listitem")).to_have_count(2)
    for answer in (answers[1], answers[3]):
        expect(missed).to_contain_text(answer.item.answer, ignore_case=True)
    folded = page.locator("details.results-folded")
    expect(folded).not_to_have_attribute("open", "")
    learner.press(folded.get_by_text("Answered right: 3"))
    expect(folded.get_by_role("listitem")).to_have_count(3)
    visit(page, "quiz results, right answers open")


def test_a_learner_chooses_a_5_question_quiz_and_reads_the_score_out_of_5(
    page: Page, visit: PageVisits, quiz_bank: str
) -> None:
    five_question_quiz(page, visit, ClickingLearner())


def test_the_5_question_quiz_works_on_a_phone_and_without_javascript(
    make_page: Callable[..., Page], visit: PageVisits, quiz_bank: str
) -> None:
    phone = make_page(**PHONE_CONTEXT, java_script_enabled=False)
    five_question_quiz(phone, visit, ClickingLearner(touch=True))


def test_the_favicon_touch_icon_and_manifest_load(page: Page, visit: PageVisits) -> None:
    page.goto("/")
    visit(page, "landing")
    for rel in ("icon", "apple-touch-icon", "manifest"):
        for link in page.locator(f"head link[rel={rel}]").all():
            response = page.request.get(link.get_attribute("href") or "")
            assert response.ok, f"{rel} {link.get_attribute('href')}: {response.status}"
    favicon = page.request.get("/favicon.ico")
    assert favicon.ok and favicon.headers["content-type"] == "image/vnd.microsoft.icon"
    manifest = page.request.get("/manifest.webmanifest").json()
    assert manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        response = page.request.get(icon["src"])
        assert response.ok and response.headers["content-type"].startswith(icon["type"])


# Two different Hangul syllables look alike only when neither has a glyph (both tofu boxes).
_GLYPHS_DIFFER = """([first, second]) => {
  const font = getComputedStyle(document.body).font;
  const draw = (text) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    const context = canvas.getContext('2d');
    context.font = font.replace(/\\d+px/, '40px');
    context.fillText(text, 4, 48);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
  };
  return draw(first) !== draw(second);
}"""


def test_korean_text_renders_with_real_glyphs_not_empty_boxes(
    page: Page, visit: PageVisits, app: Flask
) -> None:
    bank = make_bank(slug="korean-bank", title=KOREAN_TITLE)
    make_fact(bank, key="ministry", statement="통일부는 정착을 돕는다.", position=1)
    log_in(page, make_user().email)
    page.goto("/banks/korean-bank/source")
    expect(page.get_by_role("heading", name=KOREAN_TITLE, level=1)).to_be_visible()
    visit(page, "a Korean bank")
    assert page.evaluate(_GLYPHS_DIFFER, ["통", "일"]), (
        "Korean syllables render as identical boxes: no CJK font (run `make browser`)"
    )


def test_a_korean_flashcard_fits_a_phone(
    make_page: Callable[..., Page], visit: PageVisits, app: Flask
) -> None:
    bank = make_bank(slug="korean-cards", title=KOREAN_TITLE)
    fact = make_fact(bank, key="ministry", statement="통일부는 정착을 돕는다.", position=1)
    make_question(fact, kind="flashcard", key="card", prompt="정착을 돕는 부처는?", answer="통일부")
    phone = make_page(**PHONE_CONTEXT)
    log_in(phone, make_user().email)
    phone.goto("/study/?bank=korean-cards")
    expect(phone.get_by_text("정착을 돕는 부처는?")).to_be_visible()
    visit(phone, "a Korean flashcard")


def test_the_card_moves_in_only_for_those_who_do_not_ask_for_reduced_motion(
    make_page: Callable[..., Page], quiz_bank: str
) -> None:
    motions = {}
    for preference in ("no-preference", "reduce"):
        page = make_page(preference, reduced_motion=preference)
        log_in(page, make_user().email)
        page.goto("/quiz/")
        page.get_by_role("button", name=f"Take a quiz on {QUIZ_BANK}").click()
        card = page.locator(".card")
        expect(card).to_be_visible()
        motions[preference] = card.evaluate(
            "(card) => [getComputedStyle(card).animationName,"
            " getComputedStyle(card.querySelector('button')).transitionDuration]"
        )
    assert motions["no-preference"][0] == "card-in"
    assert motions["reduce"][0] == "none"
    assert float(motions["reduce"][1].rstrip("s")) < 0.001  # transitions are instant
