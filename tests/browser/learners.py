"""How a journey's learner answers what the page shows: by keyboard, or by clicking and tapping.

The page is read the way a person reads it (roles, labels, text). Only the right answer
comes from the database: the item's one-time token (the hidden field every answer form
sends) finds the ``IssuedItem``, whose question and shuffle say which option is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import IssuedItem

from .helpers import PageVisits, fill_sign_up_form, sign_up_by_keyboard, tab_to

WRONG_TYPED_ANSWER = "no idea"


@dataclass(frozen=True)
class ShownItem:
    """The item on the page, with what a right (or a wrong) answer to it is."""

    kind: str
    options: list[str]  # as shown, in order; empty for typed forms and flashcards
    answer: str
    bank_slug: str
    fact_key: str
    fact_statement: str

    def option(self, right: bool) -> int:
        """The 0-based position of the right option, or of the first wrong one."""
        if right:
            return self.options.index(self.answer)
        return next(i for i, option in enumerate(self.options) if option != self.answer)

    def option_label(self, right: bool) -> str:
        text = self.options[self.option(right)]
        return text.capitalize() if self.kind == "true_false" else text

    def typed(self, right: bool) -> str:
        return self.answer if right else WRONG_TYPED_ANSWER

    def response(self, right: bool) -> str:
        """What the app records as the answer given."""
        return self.options[self.option(right)] if self.options else self.typed(right)


def shown_item(page: Page) -> ShownItem:
    """The item whose answer form the page shows (on a study or a quiz page)."""
    answer_form = page.get_by_role("region", name="Question").locator("form.answer-form")
    token = answer_form.locator("input[name=token]").input_value()
    item = db.session.scalar(select(IssuedItem).where(IssuedItem.token == token))
    assert item is not None, f"no item issued with the token on {page.url}"
    question, fact = item.question, item.fact
    shown = ShownItem(
        kind=question.kind,
        options=list(item.choice_order or []),
        answer=question.answer,
        bank_slug=fact.bank.slug,
        fact_key=fact.key,
        fact_statement=fact.statement,
    )
    db.session.rollback()  # end the read: the server is about to write
    return shown


def rating_button(page: Page, name: str) -> Locator:
    """A flashcard's self-grade button; its name also carries the key and the interval."""
    return page.get_by_role("button", name=re.compile(rf"^(\d\s+)?{name}\b"))


def option_button(page: Page, label: str) -> Locator:
    return page.get_by_role("button", name=re.compile(rf"^(\d\s+)?{re.escape(label)}$"))


class KeyboardLearner:
    """Only keys: Space reveals a flashcard, 1-4 pick an option or a grade, Enter continues
    and checks a typed answer, Tab reaches links and buttons."""

    def sign_up(self, page: Page, name: str, email: str) -> None:
        sign_up_by_keyboard(page, name, email)

    def answer(self, page: Page, item: ShownItem, right: bool) -> None:
        page.wait_for_load_state()  # the shortcuts arrive with the page's deferred script
        if item.kind == "flashcard":
            page.keyboard.press("Space")
            expect(rating_button(page, "Good")).to_be_visible()
            page.keyboard.press("3" if right else "1")
        elif item.options:
            expect(option_button(page, item.option_label(right))).to_be_visible()
            page.keyboard.press(str(item.option(right) + 1))
        else:
            tab_to(page, page.get_by_label("Your answer"))
            page.keyboard.type(item.typed(right))
            page.keyboard.press("Enter")

    def follow(self, page: Page, target: Locator) -> None:
        tab_to(page, target)
        page.keyboard.press("Enter")

    def go_on(self, page: Page) -> None:
        """Leave an answer's feedback for the next item (waiting for the next page, so
        nothing reads the old one while it unloads)."""
        page.wait_for_load_state()
        with page.expect_navigation():
            page.keyboard.press("Enter")


class ClickingLearner:
    """A mouse (or, with ``touch``, a finger): the plain forms, no keyboard shortcuts."""

    def __init__(self, touch: bool = False) -> None:
        self.touch = touch

    def sign_up(self, page: Page, name: str, email: str) -> None:
        fill_sign_up_form(page, name, email)

    def press(self, target: Locator) -> None:
        if self.touch:
            target.tap()
        else:
            target.click()

    def answer(self, page: Page, item: ShownItem, right: bool) -> None:
        if item.kind == "flashcard":
            self.press(page.get_by_text("Show answer"))
            self.press(rating_button(page, "Good" if right else "Again"))
        elif item.options:
            self.press(option_button(page, item.option_label(right)))
        else:
            page.get_by_label("Your answer").fill(item.typed(right))
            self.press(page.get_by_role("button", name="Check"))

    def follow(self, page: Page, target: Locator) -> None:
        self.press(target)

    def go_on(self, page: Page) -> None:
        with page.expect_navigation():
            self.press(page.get_by_role("link", name="Continue"))


Learner = KeyboardLearner | ClickingLearner


@dataclass(frozen=True)
class Answer:
    """One answer a journey gave: what the app records as its response, and if it was right."""

    item: ShownItem
    response: str
    right: bool


def finish_quiz(page: Page, learner: Learner, visit: PageVisits, wrong: set[int]) -> list[Answer]:
    """Answer every question of the quiz on the page, those numbered in ``wrong`` (from 1)
    wrongly. Ends on the results page."""
    progress = page.get_by_role("main").get_by_role("status")
    answers: list[Answer] = []
    total = None
    while len(answers) != total:
        number = len(answers) + 1
        expect(progress).to_have_text(re.compile(rf"^Question {number} of \d+$"))
        total = int(progress.inner_text().rsplit(" ", 1)[1])
        shown = shown_item(page)
        visit(page, f"quiz question, {shown.kind}")
        right = number not in wrong
        learner.answer(page, shown, right)
        answers.append(Answer(shown, shown.response(right), right))
    expect(page.get_by_role("heading", name=re.compile("^Quiz results"))).to_be_visible()
    visit(page, "quiz results")
    return answers
