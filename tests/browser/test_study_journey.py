"""A new student studies ten items, checks a fact at its source, takes a quiz and reads
their progress: with only the keyboard, with JavaScript off, and on a phone."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.support.factories import make_bank, make_fact, make_question

from .harness import load_shipped_banks
from .helpers import PageVisits
from .learners import ClickingLearner, KeyboardLearner, Learner, finish_quiz, shown_item

pytestmark = pytest.mark.browser

STUDY_ITEMS = 10
WRONG_IN_STUDY = {2, 6}  # which of the ten the student gets wrong (from 1)
WRONG_IN_QUIZ = {3, 7}
FLASHCARDS = [  # (key, statement, front, back): the deck every learner meets first
    ("capital", "Seoul is the capital of South Korea.", "The capital of South Korea?", "Seoul"),
    ("currency", "South Korea pays in won.", "South Korea's currency?", "The won"),
]


@dataclass(frozen=True)
class StudyBanks:
    shipped_title: str
    shipped_slug: str


@pytest.fixture
def study_banks(app: Flask) -> StudyBanks:
    """A small flashcard deck, then the shipped bank loaded as ``flask content load`` does."""
    deck = make_bank(slug="korea-basics", title="Korea basics", description="Two flashcards.")
    for position, (key, statement, front, back) in enumerate(FLASHCARDS, start=1):
        fact = make_fact(deck, key=key, statement=statement, position=position)
        make_question(fact, kind="flashcard", key="card", prompt=front, answer=back)
    shipped = load_shipped_banks(app)[0]
    return StudyBanks(shipped.title, shipped.slug)


def verdict_for(kind: str, right: bool) -> str:
    if kind == "flashcard":
        return "You rated it Good" if right else "You rated it Again"
    return "Right" if right else "Wrong"


def study_ten_items(page: Page, learner: Learner, visit: PageVisits, banks: StudyBanks) -> None:
    """Answer ten study items; on the first from the shipped bank, open its source."""
    source_checked = False
    for number in range(1, STUDY_ITEMS + 1):
        expect(page.get_by_role("heading", name="Study", exact=True)).to_be_visible()
        shown = shown_item(page)
        visit(page, f"study item, {shown.kind}")
        right = number not in WRONG_IN_STUDY
        learner.answer(page, shown, right)

        # The verdict takes the card's place in the same response: no page in between.
        card = page.get_by_role("region", name=verdict_for(shown.kind, right))
        expect(card).to_be_visible()
        expect(page.get_by_role("main").get_by_role("heading", level=1)).to_have_text("Study")
        expect(card.locator(".option.correct, .right-answer")).to_contain_text(
            shown.answer, ignore_case=True
        )
        if shown.options:
            picked = card.locator(".option.picked")
            expect(picked).to_contain_text("Your answer")
            expect(picked).to_contain_text(shown.option_label(right))
        expect(page.get_by_role("link", name="Continue")).to_be_focused()
        visit(page, "answer feedback")
        if source_checked or shown.bank_slug != banks.shipped_slug:
            learner.go_on(page)
            continue

        learner.follow(
            page, page.get_by_role("link", name=re.compile("See this fact in the source"))
        )
        expect(page).to_have_url(
            re.compile(
                rf"/banks/{banks.shipped_slug}/source\?fact={shown.fact_key}#fact-{shown.fact_key}$"
            )
        )
        fact = page.locator(f"id=fact-{shown.fact_key}")
        expect(fact).to_contain_text(shown.fact_statement)
        expect(fact).to_be_in_viewport()
        visit(page, "bank source")
        page.go_back()
        expect(card).to_be_visible()
        learner.follow(page, page.get_by_role("link", name="Continue"))
        source_checked = True
    assert source_checked, "no item of the shipped bank came up"


def study_journey(page: Page, learner: Learner, visit: PageVisits, banks: StudyBanks) -> None:
    main = page.get_by_role("main")
    nav = page.get_by_role("navigation", name="Main")
    page.goto("/")
    visit(page, "landing")
    learner.follow(page, main.get_by_role("link", name="Sign up"))
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    visit(page, "sign up")
    learner.sign_up(page, "Sora Student", "sora@example.org")
    visit(page, "student home")

    learner.follow(page, main.get_by_role("link", name="Study now"))
    study_ten_items(page, learner, visit, banks)
    # Today's new facts are met; a fact got wrong comes back within minutes, so on a slow
    # machine it may already be due.
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^(Session done|Study)$"))
    visit(page, "study, after ten items")

    learner.follow(page, nav.get_by_role("link", name="Quizzes"))
    expect(page.get_by_role("heading", name="Quizzes")).to_be_visible()
    visit(page, "quizzes")
    learner.follow(page, main.get_by_role("button", name=f"Take a quiz on {banks.shipped_title}"))
    total = len(finish_quiz(page, learner, visit, wrong=WRONG_IN_QUIZ))
    score = f"{total - len(WRONG_IN_QUIZ)} / {total}"
    expect(main.get_by_role("status")).to_have_text(f"Score: {score}")

    learner.follow(page, nav.get_by_role("link", name="My progress"))
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    history = page.get_by_role("region", name="Quiz history")
    expect(history.get_by_role("row").filter(has_text=banks.shipped_title)).to_contain_text(score)
    charts = page.get_by_role("region", name="Charts")
    answers = STUDY_ITEMS + total
    right = 100 * (answers - len(WRONG_IN_STUDY) - len(WRONG_IN_QUIZ)) // answers
    activity = charts.get_by_role("img", name=re.compile("^Reviews per day"))
    expect(activity).to_have_accessible_name(re.compile(rf"\b{answers} reviews on "))
    accuracy = charts.get_by_role("img", name=re.compile("^Share answered correctly"))
    expect(accuracy).to_have_accessible_name(re.compile(rf"\b{right}%"))
    visit(page, "my progress")


def test_a_new_student_studies_checks_a_source_and_takes_a_quiz_with_only_the_keyboard(
    page: Page, visit: PageVisits, study_banks: StudyBanks
) -> None:
    study_journey(page, KeyboardLearner(), visit, study_banks)


def test_the_same_study_journey_works_with_javascript_off(
    page_no_js: Page, visit: PageVisits, study_banks: StudyBanks
) -> None:
    study_journey(page_no_js, ClickingLearner(), visit, study_banks)


def test_the_same_study_journey_fits_a_phone_screen(
    phone_page: Page, visit: PageVisits, study_banks: StudyBanks
) -> None:
    study_journey(phone_page, ClickingLearner(touch=True), visit, study_banks)
