"""On a 360 px phone every page fits the screen and passes the accessibility scan."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.support.factories import (
    make_attempt,
    make_bank,
    make_classroom,
    make_fact,
    make_question,
    make_user,
)
from tests.support.study_fixtures import make_study_bank

from .accessibility import assert_accessible
from .harness import PHONE_CONTEXT, SeededBank, load_shipped_banks
from .helpers import (
    TAP_TARGET_PX,
    assert_no_horizontal_scroll,
    assert_tap_targets,
    fill_sign_up_form,
    log_in,
    screenshot_path,
    tab_to,
)

pytestmark = pytest.mark.browser


def fits_and_is_accessible(page: Page) -> None:
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_a_phone_user_never_scrolls_sideways_from_landing_to_a_banks_facts(
    phone_page: Page, built_in_bank: SeededBank
) -> None:
    page = phone_page
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    fits_and_is_accessible(page)

    page.get_by_role("main").get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    fits_and_is_accessible(page)

    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    fits_and_is_accessible(page)
    page.get_by_role("button", name="Create account").tap()
    expect(page.get_by_label("Your name")).to_have_accessible_description("This field is required.")
    fits_and_is_accessible(page)
    fill_sign_up_form(page, "Pat Phone", "pat@example.org")
    fits_and_is_accessible(page)

    page.goto("/banks/no-such-bank/source")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    fits_and_is_accessible(page)

    page.get_by_role("link", name="Banks").tap()
    expect(page.get_by_role("heading", name="Question banks")).to_be_visible()
    fits_and_is_accessible(page)

    page.get_by_role("link", name=built_in_bank.title).tap()
    expect(page.get_by_role("heading", name=built_in_bank.title, level=1)).to_be_visible()
    fits_and_is_accessible(page)


@pytest.fixture
def shipped_bank(app: Flask) -> str:
    """The shipped bank, loaded as ``make run`` loads it; its title."""
    return load_shipped_banks(app)[0].title


def _header_height(page: Page) -> float:
    box = page.locator(".site-header").bounding_box()
    assert box is not None
    return box["height"]


def test_on_a_phone_the_header_is_one_row_and_a_new_facts_options_are_on_the_first_screen(
    make_page, visit, shipped_bank: str
) -> None:
    """The study card is what a phone shows: the app bar keeps to one row (the places
    scroll sideways inside it), so the question and every option of a new fact's card fit
    the first screen; the feedback's Continue is on screen without scrolling; and each
    place is still reached by Tab, scrolled into view."""
    student = make_user(name="Pat Phone")
    teacher = make_user(role="teacher", name="Tess Teacher")
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, student.email)
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Study").tap()
    question = phone.get_by_role("region", name="Question")
    expect(question).to_be_visible()
    visit(phone, "study card (phone)")
    screen = phone.viewport_size
    assert screen is not None
    assert _header_height(phone) <= 64, "the app bar takes more than one row"
    options = question.locator("form.answer-form button")
    assert options.count() >= 2
    for index in range(options.count()):
        box = options.nth(index).bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= screen["height"], f"option {index + 1} is below the fold"

    nav = phone.get_by_role("navigation", name="Main")
    places = nav.locator("a, button")
    for index in range(places.count()):
        place = places.nth(index)
        tab_to(phone, place)
        expect(place, "a place with the focus is on screen").to_be_in_viewport(ratio=0.9)

    options.first.tap()
    expect(phone.locator("#verdict-heading")).to_be_visible()
    visit(phone, "feedback (phone)")
    phone.set_viewport_size({"width": 360, "height": 560})  # a small phone, its browser bars shown
    expect(
        phone.get_by_role("link", name="Continue"), "Continue needs no scrolling"
    ).to_be_in_viewport(ratio=1)
    expect(
        phone.get_by_text("This fact comes back"), "nor when the fact comes back"
    ).to_be_in_viewport(ratio=1)

    phone.set_viewport_size(screen)

    nav.get_by_role("link", name="Account").tap()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    current = nav.locator('[aria-current="page"]')
    expect(current, "the current page's place shows at load").to_be_in_viewport(ratio=0.9)

    phone.context.clear_cookies()
    log_in(phone, teacher.email)
    visit(phone, "teacher home (phone)")
    assert _header_height(phone) <= 64, "the teacher's app bar takes more than one row"


def test_a_typed_answers_hint_reads_as_a_sentence_on_a_phone_and_names_its_key_on_a_desktop(
    make_page, app: Flask
) -> None:
    """A touch screen hides the keyboard tips; the words around a tip go with it, so the
    phone does not read "Leave it blank if you do not know; checks."."""
    bank = make_study_bank(facts=1, kinds=("typed",), title="Typed only")
    student = make_user()
    for label, context, hint in (
        ("phone", PHONE_CONTEXT, "Leave it blank if you do not know."),
        ("desktop", {}, "Leave it blank if you do not know; Enter checks."),
    ):
        page = make_page(label, **context)
        log_in(page, student.email)
        page.goto(f"/study/?bank={bank.slug}")
        answer = page.get_by_role("region", name="Question").get_by_label("Your answer")
        expect(answer).to_be_visible()
        expect(page.locator(".answer-form .hint")).to_have_text(hint, use_inner_text=True)
    # Asking for a hint keeps what was typed (the phone's page, still on the same card).
    answer.fill("3")
    page.get_by_role("button", name="Show a hint").click()
    expect(page.locator(".hint-text")).to_contain_text("Hint:")
    expect(answer).to_have_value("3")
    page.screenshot(path=screenshot_path("typed card with its hint, desktop"), full_page=True)


def test_on_a_phone_each_fact_and_question_action_of_a_bank_is_a_thumb_sized_target(
    make_page: Callable[..., Page],
) -> None:
    """A question's "Edit" and "Retire" were 20 px text links stacked without a gap: a
    thumb aiming at Edit retired the question."""
    teacher = make_user(role="teacher")
    bank = make_bank(owner=teacher, title="Week 3")
    fact = make_fact(bank, key="arrival-day")
    make_question(fact, key="typed")
    make_question(fact, key="mc", kind="multiple_choice", choices=["A", "B"])
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, teacher.email)
    phone.goto(f"/teach/banks/{bank.slug}")
    fits_and_is_accessible(phone)
    facts = phone.locator("ol.facts")
    expect(facts.get_by_role("button", name="Retire question mc of arrival-day")).to_be_visible()
    assert_tap_targets(facts.locator("a, button"))


def test_on_a_phone_a_classs_students_read_as_a_list_with_a_remove_target_each(
    make_page: Callable[..., Page],
) -> None:
    """Name, email and "Remove…" ran together as one line of text: emails broke at their
    hyphens ("demo-8d8109-" / "s16@..."), and each 19 px "Remove…" sat somewhere else."""
    teacher = make_user(role="teacher")
    students = [
        make_user(name=f"Dong Park {n}", email=f"demo-8d8109-s{n}@example.org") for n in (16, 26)
    ]
    classroom = make_classroom(teacher, "Year 9", students=students)
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, teacher.email)
    phone.goto(f"/teach/classes/{classroom.id}")
    fits_and_is_accessible(phone)
    roster = phone.get_by_role("list").filter(has_text="demo-8d8109-s16@example.org")
    for student in students:
        email = roster.get_by_text(student.email, exact=True)
        lines = email.evaluate(
            "(e) => new Set([...e.getClientRects()].map((r) => Math.round(r.top))).size"
        )
        assert lines == 1, f"{student.email} is broken across {lines} lines"
    assert_tap_targets(roster.get_by_role("link", name="Remove…"))


def test_on_a_phone_a_teacher_finds_a_student_of_two_classes_and_opens_either(
    make_page: Callable[..., Page],
) -> None:
    """Eight classes of 35 are 280 names: the classes page finds one by part of a name
    and links to the student's progress in each class they are in."""
    teacher = make_user(role="teacher")
    seoyeon = make_user(name="박서연", email="demo-8d8109-s16@example.org")
    for name in ("Year 9 History", "Year 9 Civics"):
        make_classroom(teacher, name, students=[seoyeon, make_user(name="김민지")])
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, teacher.email)
    phone.goto("/teach/classes/")
    phone.get_by_label("Find a student in your classes").fill("서연")
    phone.get_by_role("button", name="Find").tap()
    expect(phone.get_by_role("heading", name="1 student matching “서연”")).to_be_visible()
    fits_and_is_accessible(phone)
    phone.get_by_role("link", name=re.compile(r"^Year 9 History\W+박서연$")).tap()
    expect(phone.get_by_role("heading", name="박서연\u2019s progress")).to_be_visible()
    expect(phone.get_by_role("link", name="← Year 9 History")).to_be_visible()


def test_on_a_phone_the_app_bars_home_icon_is_a_thumb_sized_target(
    make_page: Callable[..., Page],
) -> None:
    """The brand's icon, the phone's way home, was a 32 px square beside the places."""
    phone = make_page("phone", **PHONE_CONTEXT)
    phone.goto("/auth/login")
    header = phone.locator(".site-header")
    assert_tap_targets(header.locator(".brand, nav a"))
    icon = header.get_by_role("link", name="Quizapp").bounding_box()
    assert icon and icon["width"] >= TAP_TARGET_PX, icon


def test_on_a_phone_undo_and_study_settings_are_thumb_sized_targets(
    make_page: Callable[..., Page], app: Flask
) -> None:
    """Undo, what an Anki user reaches for after a slip, was an 18 px line of text under
    the card, beside a 16 px "Study settings"."""
    make_study_bank(facts=3, kinds=("multiple_choice",), title="Three facts")
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, make_user().email)
    phone.goto("/study/")
    phone.locator(".options button").first.tap()
    expect(phone.locator("#continue")).to_be_visible()
    assert_tap_targets(phone.get_by_role("button", name="Undo last answer"))
    phone.locator("#continue").tap()
    expect(phone.get_by_role("region", name="Question")).to_be_visible()
    footer = phone.locator(".study-footer")
    assert_tap_targets(footer.get_by_role("button", name="Undo last answer"))
    assert_tap_targets(footer.get_by_role("link", name="Study settings"))


def test_on_a_phone_show_a_hint_is_a_thumb_sized_target(
    make_page: Callable[..., Page], app: Flask
) -> None:
    """Under a typed answer's Check, "Show a hint" was a 20 px line of text."""
    make_study_bank(facts=1, kinds=("typed",), title="One fact")
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, make_user().email)
    phone.goto("/study/")
    assert_tap_targets(phone.get_by_role("button", name="Show a hint"))


def test_on_a_phone_keeping_a_class_or_a_bank_is_a_button_like_deleting_it(
    make_page: Callable[..., Page],
) -> None:
    """Under the red "Delete" button, the way out ("Keep the class") was a 19 px text
    link, where the other confirmations offer a button."""
    teacher = make_user(role="teacher")
    classroom = make_classroom(teacher, "Year 9")
    bank = make_bank(owner=teacher, title="Week 3")
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, teacher.email)
    for address, keep in (
        (f"/teach/classes/{classroom.id}/delete", "Keep the class"),
        (f"/teach/banks/{bank.slug}/delete", "Keep the bank"),
    ):
        phone.goto(address)
        fits_and_is_accessible(phone)
        assert_tap_targets(phone.get_by_role("link", name=keep))


def test_on_a_phone_the_student_homes_own_links_are_thumb_sized_targets(
    make_page: Callable[..., Page],
) -> None:
    """Probe: "See my progress" and "Join a class with a code", each alone on its line of
    a home page card, were 19 px lines of text under a thumb."""
    make_study_bank(facts=1, title="One fact")
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, make_user().email)
    phone.goto("/")
    for name in ("See my progress", "Join a class with a code"):
        assert_tap_targets(phone.get_by_role("link", name=name))


def test_on_a_phone_the_score_links_of_the_quiz_list_and_progress_are_thumb_sized_targets(
    make_page: Callable[..., Page],
) -> None:
    """A quiz's score, the way back to its answers, was a 19 px line of text in a table
    cell on "Your recent quizzes" and in the progress page's quiz history."""
    learner = make_user()
    bank = make_bank(title="Week 3")
    make_attempt(learner, bank, {make_question(make_fact(bank)): True})
    make_attempt(learner, bank, finished_at=None)  # still going: "Resume"
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, learner.email)
    phone.goto("/quiz/")
    recent = phone.locator("table.attempts")
    expect(recent.get_by_role("link")).to_have_count(2)
    assert_tap_targets(recent.get_by_role("link"))
    phone.goto("/progress/")
    history = phone.get_by_role("region", name="Quiz history")
    expect(history.get_by_role("link")).to_have_count(1)
    assert_tap_targets(history.get_by_role("link"))
