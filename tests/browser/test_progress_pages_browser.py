"""The progress pages in a real browser: the roster as cards on a phone, and a learner's
honest figures right after a poor first session."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import pairwise

import pytest
from playwright.sync_api import expect

from quizapp.timeutil import now_utc
from tests.support import factories

from .harness import PHONE_CONTEXT
from .helpers import assert_tap_targets, colour_contrasts, log_in

pytestmark = pytest.mark.browser


# Pixels between the end of a cell's first text and the start of its last element.
_GAP_BEFORE_LAST_PART = """(cell) => {
  const range = document.createRange();
  range.selectNodeContents(cell.firstChild);
  const text = range.getBoundingClientRect();
  return cell.lastElementChild.getBoundingClientRect().left - text.right;
}"""


@pytest.fixture
def year_9(app):
    teacher = factories.make_user(role="teacher", email="teacher@example.org", name="Tess Teacher")
    bank = factories.make_bank(title="Defectors' Day")
    questions = [
        factories.make_question(factories.make_fact(bank), kind="multiple_choice") for _ in range(3)
    ]
    students = [factories.make_user(name=name) for name in ("Minji Kim", "Jiho Park", "Sora Lee")]
    for n, student in enumerate(students):
        factories.make_attempt(student, bank, {q: i <= n for i, q in enumerate(questions)})
        factories.make_review(student, questions[0], reviewed_at=now_utc() - timedelta(hours=n + 1))
    classroom = factories.make_classroom(teacher, "Year 9", students=students, banks=[bank])
    return teacher, classroom, students


def test_on_a_phone_the_roster_is_one_card_per_student_with_the_key_figures(
    make_page, visit, year_9
):
    teacher, classroom, students = year_9
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, teacher.email)
    phone.goto(f"/progress/class/{classroom.id}")
    visit(phone, "class progress (phone)")  # no sideways scrolling, no axe problem
    width = phone.viewport_size["width"]
    for student, average in zip(students, ("33%", "67%", "100%"), strict=True):
        card = phone.get_by_role("row").filter(has_text=student.display_name)
        for label in ("Quiz average", "Last active"):
            cell = card.locator(f'td[data-label="{label}"]')
            expect(cell).to_be_visible()
            box = cell.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
        expect(card.locator('td[data-label="Quiz average"]')).to_have_text(average)
        # A value in parts reads as one phrase at the right ("100% of 1"), not spread out.
        right = card.locator('td[data-label="Right, 30 days"]')
        gap = right.evaluate(_GAP_BEFORE_LAST_PART)
        assert 0 <= gap < 16, gap


def test_on_a_phone_the_roster_says_sort_by_over_links_it_shows_not_column_headings(
    make_page, visit, year_9
):
    """The cards have no column headings: "Choose a column heading to sort" read as a
    puzzle there. The headings become a row of sort links above the cards instead (out
    of sight they still took the keyboard's focus), and the hint stays on a laptop."""
    teacher, classroom, _students = year_9
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, teacher.email)
    phone.goto(f"/progress/class/{classroom.id}")
    roster = phone.get_by_role("region", name="Roster")
    expect(roster.get_by_text("Choose a name to open that student")).to_be_visible()
    expect(roster.get_by_text("Choose a column heading to sort")).to_be_hidden()
    expect(roster.get_by_text("Sort by", exact=True)).to_be_visible()
    width = phone.viewport_size["width"]
    for heading in ("Student", "Quiz average", "Reviews, 7 days"):
        link = roster.get_by_role("columnheader", name=heading).get_by_role("link")
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] >= 24
    roster.get_by_role("link", name="Quiz average").click()
    expect(roster.get_by_role("columnheader", name="Quiz average")).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(phone.get_by_role("row").nth(1)).to_contain_text("Minji Kim")  # 33%, the lowest
    visit(phone, "class progress sorted (phone)")

    laptop = make_page("laptop")
    log_in(laptop, teacher.email)
    laptop.goto(f"/progress/class/{classroom.id}")
    roster = laptop.get_by_role("region", name="Roster")
    expect(roster.get_by_text("Choose a column heading to sort.")).to_be_visible()
    expect(roster.get_by_text("Sort by", exact=True)).to_be_hidden()


def test_on_a_laptop_the_roster_shows_every_column_without_scrolling_sideways(page, visit, year_9):
    """Eight figures fit a 1280 px screen when the headings wrap between their words;
    kept on one line, "Reviews, 7 days" was cut off at the box's edge."""
    teacher, classroom, _students = year_9
    log_in(page, teacher.email)
    page.goto(f"/progress/class/{classroom.id}")
    visit(page, "class progress")
    roster = page.locator(".table-wrap").filter(has=page.locator("table.roster"))
    assert roster.evaluate("(box) => box.scrollWidth <= box.clientWidth"), "the roster scrolls"
    expect(page.get_by_role("columnheader", name="Reviews, 7 days")).to_be_in_viewport(ratio=1)


def test_after_a_first_session_with_mistakes_the_page_shows_60_not_100(make_page, visit, app):
    student = factories.make_user(email="sam@example.org", name="Sam")
    bank = factories.make_bank(title="Defectors' Day")
    just_now = now_utc() - timedelta(minutes=2)
    for n in range(10):
        fact = factories.make_fact(bank, topic="Arrival")
        factories.make_memory_state(
            student, fact, state=1, step=0, stability=1.0, last_review=just_now
        )
        factories.make_review(
            student, factories.make_question(fact), correct=n < 6, reviewed_at=just_now
        )
    page = make_page()
    log_in(page, student.email)
    page.goto("/progress/")
    visit(page, "my progress")
    figures = page.locator(".recall-figures")
    expect(figures).to_contain_text("Answered right in the last 30 days")
    expect(figures).to_contain_text("60%")
    expect(figures).to_contain_text("Predicted to recall today")
    expect(figures).not_to_contain_text("100%")


def test_on_a_phone_the_weekly_charts_open_at_this_week(make_page, visit, app):
    """Twelve weeks of bars do not fit a phone: the chart scrolls sideways in its box, and
    opens on the weeks just studied (a learner of one week saw an empty chart before)."""
    student = factories.make_user(email="sam@example.org", name="Sam")
    bank = factories.make_bank(title="Defectors' Day")
    question = factories.make_question(factories.make_fact(bank, topic="Life after arrival"))
    factories.make_review(student, question, correct=True, reviewed_at=now_utc())
    # A fact studied before today, so its topic has a prediction and a meter.
    factories.make_memory_state(
        student, question.fact, stability=5, last_review=now_utc() - timedelta(days=5)
    )
    factories.make_question(factories.make_fact(bank, topic="Tensions with the North"))
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, student.email)
    phone.goto("/progress/")
    visit(phone, "my progress (phone)")
    for title in ("Share answered correctly, per week", "Reviews per day, last 12 weeks"):
        chart = phone.locator("figure.chart").filter(has_text=title).locator(".chart-scroll")
        box, svg = chart.bounding_box(), chart.locator("svg").bounding_box()
        assert box and svg
        assert svg["x"] + svg["width"] <= box["x"] + box["width"] + 1, title  # the newest end
        if title.startswith("Share"):
            assert svg["width"] > box["width"]  # it does overflow: the check means something
            bar = chart.locator("rect").last.bounding_box()  # this week's bar, 100%
            assert (
                bar and box["x"] <= bar["x"] and bar["x"] + bar["width"] <= box["x"] + box["width"]
            )
    topics = phone.get_by_role("region", name="Mastery per topic, table")
    sizes = topics.evaluate("(box) => [box.scrollWidth, box.clientWidth]")
    assert sizes[0] <= sizes[1], sizes  # every figure on screen, no sideways scroll
    card = phone.get_by_role("row").filter(has_text="Tensions with the North")
    for label in ("Predicted to recall today", "Facts", "Studied", "Mature"):
        expect(card.locator(f'td[data-label="{label}"]')).to_be_visible()
    phone.emulate_media(color_scheme="dark")
    track = phone.locator(".meter").first.evaluate("(m) => getComputedStyle(m).backgroundColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", track)[:3])
    assert red + green + blue < 3 * 96, track  # an empty track on a dark page looks empty
    forecast = phone.locator("figure.chart").filter(has_text="Reviews due, next 14 days")
    box = forecast.locator(".chart-scroll").bounding_box()
    svg = forecast.locator("svg").bounding_box()
    assert box and svg and abs(svg["x"] - box["x"]) <= 1  # the future opens at today


def test_on_a_phone_a_learners_dates_never_break_at_their_hyphens(make_page, visit, year_9):
    """The quiz history's narrow "Started" column broke "2026-11-26" into "2026-11-" and
    "26": a date wraps whole, before its time, or not at all."""
    _teacher, _classroom, students = year_9
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, students[0].email)
    phone.goto("/progress/")
    expect(phone.get_by_role("heading", name="Quiz history")).to_be_visible()
    visit(phone, "my progress (phone)")  # fails on a word or a date broken across lines
    phone.goto("/quiz/")
    visit(phone, "quizzes (phone)")


def test_on_a_phone_the_teachers_class_page_does_not_scroll_sideways(make_page, visit, app):
    # Probe: with a quiz due in the teacher's own time zone the assignments table is
    # wider than a phone, and the hidden words of each "Remove…" link (placed out of
    # the table's scrolling box) widened the whole page by 26 px.
    teacher = factories.make_user(role="teacher", email="t@example.org", name="Tess Teacher")
    teacher.time_zone = "America/New_York"
    bank = factories.make_bank(title="North Korean Defectors' Day")
    factories.make_question(factories.make_fact(bank), kind="multiple_choice")
    student = factories.make_user(name="Minji Kim")
    classroom = factories.make_classroom(teacher, "Year 9", students=[student], banks=[bank])
    factories.make_assignment(
        classroom, bank, as_quiz=True, quiz_size=3, due_at=now_utc() + timedelta(days=2)
    )
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, teacher.email)
    phone.goto(f"/teach/classes/{classroom.id}")
    expect(phone.get_by_text("(America/New_York)")).to_be_visible()
    visit(phone, "teacher's class page (phone)")  # asserts no sideways scrolling


def test_on_a_phone_a_name_of_one_long_word_does_not_widen_the_roster(make_page, visit, app):
    # Probe: a 44-letter display name with no space made the class page 428 px wide.
    teacher = factories.make_user(role="teacher", email="t2@example.org", name="Tess Teacher")
    bank = factories.make_bank(title="Week 1")
    question = factories.make_question(factories.make_fact(bank), kind="multiple_choice")
    student = factories.make_user(name="Supercalifragilisticexpialidocious" + "Kimjiho" * 4)
    factories.make_review(student, question, reviewed_at=now_utc() - timedelta(hours=1))
    classroom = factories.make_classroom(teacher, "Year 9", students=[student], banks=[bank])
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, teacher.email)
    phone.goto(f"/progress/class/{classroom.id}")
    visit(phone, "class progress with a long name (phone)")  # asserts no sideways scrolling


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_charts_marks_stand_out_and_the_busiest_day_most_in_both_schemes(
    make_page, visit, app, scheme
):
    """In dark mode the heat map kept its light ramp, so the busiest days were navy on a
    near-black page (1.9:1) and the quietest glared pale; the bars were 2.9:1. Every bar
    and busy day stands out 3:1 (WCAG 1.4.11), and more reviews stand out more."""
    student = factories.make_user(email="sam@example.org", name="Sam")
    bank = factories.make_bank(title="Defectors' Day")
    fact = factories.make_fact(bank, topic="Life after arrival")
    question = factories.make_question(fact)
    for days_ago in range(1, 5):  # 1, 2, 3 and 4 reviews: the heat map's four shades
        for _ in range(days_ago):
            factories.make_review(
                student, question, reviewed_at=now_utc() - timedelta(days=days_ago)
            )
    factories.make_memory_state(
        student, fact, stability=5, last_review=now_utc() - timedelta(days=1)
    )
    page = make_page(scheme, color_scheme=scheme)
    log_in(page, student.email)
    page.goto("/progress/")
    visit(page, f"my progress ({scheme})")
    page.emulate_media(color_scheme=scheme)  # the scans leave it in light mode

    def chart(title: str):
        return page.locator("figure.chart").filter(has_text=title).locator("svg")

    # A week without answers has a bar of no height.
    weeks = chart("Share answered correctly, per week").locator('rect:not([height="0.0"])')
    bars = colour_contrasts(weeks)
    assert bars and min(bars) >= 3, f"bars in {scheme} mode: {bars}"
    meter = colour_contrasts(page.locator(".meter span"), "backgroundColor")
    assert meter and min(meter) >= 3, f"topic meters in {scheme} mode: {meter}"
    heat = chart("Reviews per day")
    shades = [
        colour_contrasts(heat.locator(f"rect:has(title:text-matches(': {n} reviews?$'))").first)[0]
        for n in (1, 2, 3, 4)
    ]
    assert shades == sorted(shades) and len(set(shades)) == 4, f"{scheme}: {shades}"
    assert shades[-1] >= 3, f"the busiest day in {scheme} mode: {shades}"


def test_on_a_phone_an_unflagged_questions_card_keeps_one_figure_a_line(make_page, visit, app):
    """A question with nothing to flag has an empty "Flags" cell: it took no height, so
    the next line's "Kind" label floated up beside "Flags" ("Flags  Kind  multiple
    choice"). Each label of a card sits on its own line, empty value or not."""
    teacher = factories.make_user(role="teacher", email="t@example.org", name="Tess Teacher")
    bank = factories.make_bank(title="Defectors' Day")
    first, second = (
        factories.make_question(factories.make_fact(bank), kind="multiple_choice") for _ in "ab"
    )
    students = [factories.make_user(name=f"Student {n}") for n in range(5)]
    for n, student in enumerate(students):  # 60% and 80% right: neither easy nor hard
        factories.make_attempt(student, bank, {first: n < 3, second: n < 4})
    classroom = factories.make_classroom(teacher, "Year 9", students=students, banks=[bank])
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, teacher.email)
    phone.goto(f"/progress/class/{classroom.id}")
    visit(phone, "class progress (phone)")
    cards = phone.locator("table.items tbody tr")
    expect(cards).to_have_count(2)
    for card in cards.all():
        expect(card.locator('td[data-label="Flags"]')).to_have_text("")
        boxes = [cell.bounding_box() for cell in card.locator("td").all()]
        tops = [box["y"] for box in boxes if box]
        gaps = [below - above for above, below in pairwise(tops)]
        assert len(tops) == 5 and min(gaps) >= 12, f"labels share a line: tops {tops}"


def test_on_a_phone_a_quiz_score_stays_on_one_line(make_page, visit, app):
    """Beside a long bank title the Score column of "Your recent quizzes" was narrow
    enough to break "2 / 10" into "2 /" and "10"."""
    student = factories.make_user(email="sam@example.org", name="Sam")
    bank = factories.make_bank(title="North Korean Defectors' Day")
    questions = [factories.make_question(factories.make_fact(bank)) for _ in range(10)]
    factories.make_attempt(student, bank, {q: n < 2 for n, q in enumerate(questions)})
    phone = make_page("phone", **PHONE_CONTEXT)
    log_in(phone, student.email)
    for address in ("/quiz/", "/progress/"):
        phone.goto(address)
        expect(phone.get_by_text("2 / 10").first).to_be_visible()
        visit(phone, f"{address} (phone)")  # fails on a score broken across lines


def test_on_a_laptop_each_roster_row_reads_on_one_line(page, visit, year_9):
    """Held to the reading column, the roster wrapped every name and date onto two lines
    ("2026-11-27" over "10:08 UTC") while a third of a 1280 px screen stayed empty."""
    teacher, classroom, students = year_9
    log_in(page, teacher.email)
    page.goto(f"/progress/class/{classroom.id}")
    visit(page, "class progress")
    row = page.get_by_role("row").filter(has_text=students[0].display_name)
    for part in (row.get_by_role("link", name=students[0].display_name), row.locator("time")):
        lines = part.evaluate(
            "(e) => new Set([...e.getClientRects()].map((r) => Math.round(r.bottom))).size"
        )
        assert lines == 1, f"{part} takes {lines} lines"


@pytest.mark.parametrize("width", [360, 390])
def test_on_a_phone_each_charts_as_a_table_opener_is_a_thumb_sized_target(
    make_page, visit, app, width
):
    """ "Reviews due, next 14 days as a table" fits one line of a 390 px phone: then it
    was a 25 px target."""
    student = factories.make_user(email="sam@example.org", name="Sam")
    bank = factories.make_bank(title="Defectors' Day")
    question = factories.make_question(factories.make_fact(bank, topic="Life after arrival"))
    factories.make_review(student, question, reviewed_at=now_utc() - timedelta(days=1))
    phone = make_page("phone", **{**PHONE_CONTEXT, "viewport": {"width": width, "height": 844}})
    log_in(phone, student.email)
    phone.goto("/progress/")
    visit(phone, f"my progress ({width} px)")
    assert_tap_targets(phone.locator("figure.chart summary"))


def test_on_a_laptop_an_items_facility_and_kind_read_on_one_line(page, visit, app):
    """Beside a long question, "100% of 1" broke after "100%" and "multiple choice"
    after "multiple" in their narrow columns."""
    teacher = factories.make_user(role="teacher", email="t@example.org", name="Tess Teacher")
    bank = factories.make_bank(title="Defectors' Day")
    question = factories.make_question(
        factories.make_fact(bank),
        kind="multiple_choice",
        prompt="According to the article, roughly how many North Koreans have escaped to "
        "start new lives in South Korea since the end of the war, by the ministry's count?",
    )
    student = factories.make_user(name="Minji Kim")
    factories.make_attempt(student, bank, {question: True})
    classroom = factories.make_classroom(teacher, "Year 9", students=[student], banks=[bank])
    log_in(page, teacher.email)
    page.goto(f"/progress/class/{classroom.id}")
    visit(page, "class progress")
    row = page.locator("table.items tbody tr").first
    for label in ("Facility", "Kind"):
        lines = row.locator(f'td[data-label="{label}"]').evaluate(
            "(cell) => { const range = document.createRange(); range.selectNodeContents(cell);"
            " return new Set([...range.getClientRects()].map((r) => Math.round(r.bottom))).size; }"
        )
        assert lines == 1, f"{label} takes {lines} lines"


# Each chart's box, the SVG drawn in it, and the smallest label as shown (its font size
# times the SVG's scale), in CSS pixels.
_CHART_SIZES = """(figure) => {
  const box = figure.querySelector('.chart-scroll').getBoundingClientRect();
  const svg = figure.querySelector('svg');
  const drawn = svg.getBoundingClientRect();
  const view = svg.viewBox.baseVal;
  const scale = view && view.width ? drawn.width / view.width : 1;
  const sizes = [...svg.querySelectorAll('text')]
    .map((t) => parseFloat(getComputedStyle(t).fontSize));
  return {box: box.width, svg: drawn.width, label: scale * Math.min(...sizes),
          described: svg.getAttribute('role') === 'img' && !!svg.querySelector('title')
            && !!svg.querySelector('desc')};
}"""


def _studied_for_a_month(app):
    student = factories.make_user(email="sam@example.org", name="Sam")
    bank = factories.make_bank(title="Defectors' Day")
    question = factories.make_question(factories.make_fact(bank, topic="Arrival"))
    for days in (1, 8, 15, 22):
        factories.make_review(
            student, question, correct=days != 8, reviewed_at=now_utc() - timedelta(days=days)
        )
    factories.make_memory_state(student, question.fact, stability=5, last_review=now_utc())
    return student


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_laptop_the_charts_fill_the_page_width_with_readable_labels(
    make_page, visit, app, scheme
):
    """On a 1280 px screen each chart kept its natural size: a 460 px strip of bars in a
    900 px column, as if shrunk. The bar charts span the column, the calendar grows a
    little, and every label stays at least 12 px tall, still described for screen readers."""
    student = _studied_for_a_month(app)
    page = make_page(f"laptop-{scheme}", color_scheme=scheme)
    log_in(page, student.email)
    page.goto("/progress/")
    visit(page, f"my progress ({scheme})")
    page.emulate_media(color_scheme=scheme)  # the scans leave it in light mode
    figures = page.locator("figure.chart")
    expect(figures).to_have_count(3)
    for index in range(3):
        figure = figures.nth(index)
        sizes = figure.evaluate(_CHART_SIZES)
        assert sizes["described"], sizes
        assert sizes["label"] >= 12, sizes
        assert sizes["svg"] <= sizes["box"] + 1, sizes  # nothing to scroll on a laptop
        if "Reviews per day" in figure.inner_text():
            assert sizes["svg"] >= 1.3 * 250, sizes  # the calendar is not its natural 250 px
            svg, box = (figure.locator(part).bounding_box() for part in ("svg", ".chart-scroll"))
            assert svg and box and abs(svg["x"] - box["x"]) <= 1  # at the left, as the others
        else:
            assert sizes["svg"] >= 0.95 * sizes["box"], sizes
    figures.last.scroll_into_view_if_needed()


@pytest.mark.parametrize("width", [360, 390])
def test_on_a_phone_the_charts_labels_stay_readable(make_page, visit, app, width):
    student = _studied_for_a_month(app)
    phone = make_page(
        f"phone-{width}", **{**PHONE_CONTEXT, "viewport": {"width": width, "height": 740}}
    )
    log_in(phone, student.email)
    phone.goto("/progress/")
    visit(phone, "my progress (phone)")
    figures = phone.locator("figure.chart")
    for index in range(3):
        sizes = figures.nth(index).evaluate(_CHART_SIZES)
        assert sizes["label"] >= 12 and sizes["described"], sizes
    figures.last.scroll_into_view_if_needed()


def test_weeks_before_the_first_answer_show_no_data_not_a_failed_week(make_page, visit, app):
    """A learner of four weeks saw eight weeks of empty baseline before their first bar,
    the look of a 0% week. Those weeks carry a dash and the caption says: no data."""
    student = _studied_for_a_month(app)
    page = make_page()
    log_in(page, student.email)
    page.goto("/progress/")
    visit(page, "my progress")
    accuracy = page.locator("figure.chart").filter(has_text="Share answered correctly")
    expect(accuracy.locator("figcaption")).to_contain_text("no data")
    bars, dashes = accuracy.locator("rect.bar"), accuracy.locator("text.no-data")
    assert dashes.count() >= 7 and bars.count() + dashes.count() == 12
    expect(dashes.first).to_be_visible()
    expect(dashes.first).to_have_text("\u2013")
    accuracy.scroll_into_view_if_needed()
