"""The class loop in two browsers: a new teacher uploads a GIFT file, fixes the problem its
preview shows, lands on the after-import summary and assigns the bank as a quiz from there;
a student joins with the code and finishes it;
the teacher reads the score on the roster and downloads the answers, then takes the quiz
off the class (the student's score stays). On a desktop and on a phone."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.support.factories import make_invite

from .harness import PHONE_CONTEXT
from .helpers import PageVisits, sign_up
from .learners import Answer, ClickingLearner, finish_quiz

pytestmark = pytest.mark.browser

CLASS = "Class 9A"
BANK = "Defectors' Day check"
FILENAME = "defectors-day.gift"
STUDENT, STUDENT_EMAIL = "Mina Park", "mina@example.org"
WRONG_IN_QUIZ = {2}
# Written as a teacher would for Moodle; line 6 forgets to mark the right option with "=".
GIFT_WITH_A_PROBLEM = """\
// A short check after reading the article.
$CATEGORY: Defectors' Day

::venue::In which city did the first celebration take place? {=Seoul ~Busan ~Incheon ~Daegu}

::date::On which date is the day marked each year? {~14 July ~1 March ~15 August ~25 June}

::first::The first such day was held in 2024. {T}
"""
PROBLEM = "Line 6: no option is marked right (= or a % weight)"
GIFT_FIXED = GIFT_WITH_A_PROBLEM.replace("{~14 July", "{=14 July")


def nav_link(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name)


def upload_gift(page: Page, text: str) -> None:
    """Send the file from the upload page; waits for its preview."""
    expect(page.get_by_role("heading", name="Upload a question set")).to_be_visible()
    page.get_by_label("Question file").set_input_files(
        files=[{"name": FILENAME, "mimeType": "text/plain", "buffer": text.encode()}]
    )
    page.get_by_label("Bank name").fill(BANK)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name=f"Preview: {FILENAME}")).to_be_visible()


def teacher_sets_a_quiz(page: Page, visit: PageVisits) -> str:
    """From sign-up to a class with the uploaded bank assigned as a quiz; returns the join code."""
    sign_up(page, "Tam Teacher", "tam@example.org", role="Teacher", invite_code=make_invite())
    visit(page, "teacher home")
    nav_link(page, "Teach").click()
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()
    visit(page, "classes")
    page.get_by_label("Class name").fill(CLASS)
    page.get_by_role("button", name="Create class").click()
    expect(page.get_by_role("heading", name=CLASS, level=1)).to_be_visible()
    visit(page, "class")
    code = page.get_by_role("region", name="Join code").get_by_role("code").inner_text()
    # A new code is asked about first; keeping this one changes nothing.
    page.get_by_role("link", name="Make a new code…").click()
    expect(page.get_by_role("heading", name=f"Make a new join code for {CLASS}?")).to_be_visible()
    expect(page.get_by_text(f"The code {code} stops working at once")).to_be_visible()
    visit(page, "new join code question")
    page.get_by_role("link", name="Keep this code").click()
    expect(page.get_by_role("region", name="Join code").get_by_role("code")).to_have_text(code)

    nav_link(page, "Home").click()
    page.get_by_role("link", name="Upload a question set").click()
    visit(page, "upload")
    upload_gift(page, GIFT_WITH_A_PROBLEM)
    problems = page.get_by_role("region", name=re.compile("problem"))
    expect(problems.get_by_role("listitem")).to_have_text([PROBLEM])
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    visit(page, "upload preview with a problem")

    problems.get_by_role("link", name="upload the corrected file").click()
    upload_gift(page, GIFT_FIXED)
    expect(page.get_by_role("region", name=re.compile("problem"))).to_have_count(0)
    visit(page, "upload preview")
    page.get_by_role("button", name="Import all 3 questions").click()
    # A short summary with the next steps, not the long page of edit links.
    expect(page.get_by_role("region", name="Imported")).to_contain_text(
        "3 questions in 3 facts imported."
    )
    visit(page, "after-import summary")
    page.get_by_role("link", name="Review the questions").click()
    expect(page.get_by_role("heading", name=BANK, level=1)).to_be_visible()
    visit(page, "teacher's bank")
    page.go_back()

    page.get_by_label("Class", exact=True).select_option(label=CLASS)
    page.get_by_label("Assign as a quiz").check()
    page.get_by_label("Questions in the quiz").fill("3")
    page.get_by_role("button", name="Assign to a class").click()
    expect(page.get_by_role("heading", name=CLASS, level=1)).to_be_visible()
    assignment = page.get_by_role("row").filter(has_text=BANK)
    expect(assignment).to_contain_text("Quiz of 3")
    visit(page, "class with an assignment")
    return code


def student_joins_and_finishes_the_quiz(
    page: Page, visit: PageVisits, code: str, learner: ClickingLearner
) -> list[Answer]:
    sign_up(page, STUDENT, STUDENT_EMAIL)
    page.get_by_role("link", name="Join a class with a code").click()
    expect(page.get_by_role("heading", name="Join a class")).to_be_visible()
    visit(page, "join")
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Join class").click()
    assignments = page.get_by_role("region", name="Class assignments")
    expect(assignments.get_by_role("listitem")).to_contain_text(BANK)
    visit(page, "student home with an assignment")
    learner.press(assignments.get_by_role("button", name="Start quiz (3 questions)"))
    answers = finish_quiz(page, learner, visit, wrong=WRONG_IN_QUIZ)
    right = sum(answer.right for answer in answers)
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(f"Score: {right} / 3")
    page.get_by_role("link", name="Home").first.click()
    assignments = page.get_by_role("region", name="Class assignments")
    expect(assignments).to_contain_text(f"Done: best score {right} / 3")
    expect(assignments.get_by_role("button", name=re.compile(r"^Take it again"))).to_be_visible()
    visit(page, "student home after the class quiz")
    page.go_back()  # to the quiz's results, which the teacher's change will update
    return answers


def teacher_reads_the_roster_and_the_answers(
    page: Page, visit: PageVisits, answers: list[Answer]
) -> None:
    nav_link(page, "Class progress").click()
    page.get_by_role("main").get_by_role("link", name=CLASS).click()
    expect(page.get_by_role("heading", name=f"{CLASS}: progress")).to_be_visible()
    row = page.get_by_role("region", name="Roster").get_by_role("row").filter(has_text=STUDENT)
    percent = round(100 * sum(answer.right for answer in answers) / len(answers))
    expect(row.get_by_role("cell").first).to_have_text(f"{percent}%")  # quiz average, 1st figure
    visit(page, "class progress")

    with page.expect_download() as download:
        page.get_by_role("link", name="Answers (CSV)", exact=True).click()
    with open(download.value.path(), encoding="utf-8", newline="") as export:
        rows = list(csv.DictReader(export))
    given = sorted((row["email"], row["mode"], row["response"], row["correct"]) for row in rows)
    expected = sorted(
        (STUDENT_EMAIL, "quiz", answer.response, "true" if answer.right else "false")
        for answer in answers
    )
    assert given == expected


def teacher_takes_the_quiz_off_the_class(teacher: Page, student: Page, visit: PageVisits) -> None:
    """After a question saying the student's score stays; the student's result page then
    keeps the score and no longer offers another go at a bank they cannot open."""
    nav_link(teacher, "Teach").click()
    teacher.get_by_role("main").get_by_role("link", name=CLASS).click()
    teacher.get_by_role("link", name=f"Remove… assignment {BANK}").click()
    expect(teacher.get_by_role("heading", name=f"Remove {BANK} from {CLASS}?")).to_be_visible()
    expect(teacher.get_by_role("main")).to_contain_text(
        "A student took its quiz once; that score stays in their quiz history."
    )
    visit(teacher, "question before removing an assignment")
    teacher.get_by_role("button", name="Remove the assignment").click()
    expect(teacher.get_by_text(f"{BANK} is no longer assigned to {CLASS}")).to_be_visible()
    expect(teacher.get_by_role("row").filter(has_text=BANK)).to_have_count(0)

    student.reload()
    expect(student.get_by_role("main")).to_contain_text(f"{BANK} is no longer shared with you")
    expect(student.get_by_role("button", name=re.compile("Take another quiz"))).to_have_count(0)
    visit(student, "quiz result of a bank taken off the class")


def class_journey(
    make_page: Callable[..., Page], visit: PageVisits, **context_options: Any
) -> None:
    teacher = make_page("teacher", **context_options)
    student = make_page("student", **context_options)
    code = teacher_sets_a_quiz(teacher, visit)
    touch = bool(context_options.get("has_touch"))
    answers = student_joins_and_finishes_the_quiz(student, visit, code, ClickingLearner(touch))
    teacher_reads_the_roster_and_the_answers(teacher, visit, answers)
    teacher_takes_the_quiz_off_the_class(teacher, student, visit)


def test_a_teacher_fixes_an_upload_sets_a_quiz_and_exports_a_students_answers(
    make_page: Callable[..., Page], visit: PageVisits
) -> None:
    class_journey(make_page, visit)


def test_the_class_journey_fits_a_phone_screen(
    make_page: Callable[..., Page], visit: PageVisits
) -> None:
    class_journey(make_page, visit, **PHONE_CONTEXT)
