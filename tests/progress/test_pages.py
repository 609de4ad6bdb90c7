"""The learner's progress page and home block: figures, accessible charts, downloads."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser

from quizapp.extensions import db
from quizapp.progress.charts import bar_chart, heatmap
from quizapp.progress.dashboard import accuracy_summary
from quizapp.timeutil import now_utc
from tests.support import factories
from tests.support.progress_fixtures import at


def test_the_home_page_shows_today_and_links_to_progress(student_client, student):
    fact = factories.make_fact(factories.make_bank())
    factories.make_memory_state(student, fact, due=now_utc() - timedelta(hours=1))
    factories.make_review(student, factories.make_question(fact))
    html = student_client.get("/").get_data(as_text=True)
    assert "Reviews due now</dt><dd>1</dd>" in html
    assert "New facts left" in html and "Streak" in html
    assert "1 day" in html  # the streak
    assert 'href="/progress/"' in html


def test_the_progress_page_has_every_chart_with_a_table_alternative(student_client, student):
    fact = factories.make_fact(factories.make_bank(), topic="Arrival")
    factories.make_memory_state(student, fact)
    factories.make_review(student, factories.make_question(fact))
    page = student_client.get("/progress/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for chart_id in ("chart-forecast", "chart-activity", "chart-accuracy"):
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in html
    assert html.count('role="img"') == 3
    assert html.count("<details>") == 3
    assert html.count(">Mastery per topic<") == 1  # once, as a table (not also as a chart)
    assert "Arrival" in html
    assert "/progress/my-data/answers.csv" in html


def test_the_progress_page_keeps_a_date_range_on_its_download_links(student_client):
    html = student_client.get("/progress/?from=2024-07-01&to=2024-07-31").get_data(as_text=True)
    assert "/progress/my-data/answers.csv?from=2024-07-01&amp;to=2024-07-31" in html


def test_chart_text_is_escaped():
    chart = bar_chart("c", "<b>title</b>", [("<i>", 1)], "n", "<script>")
    assert "<script>" not in chart.svg and "<i>" not in chart.svg
    assert "&lt;script&gt;" in chart.svg


def test_the_heatmap_covers_whole_weeks_and_lists_every_day_in_its_table():
    first, last = date(2024, 4, 29), date(2024, 7, 17)
    chart = heatmap("h", "Activity", {date(2024, 7, 16): 3}, first, last)
    assert len(chart.rows) == 12
    assert chart.rows[-1] == ("2024-07-15", "0", "3", "0", "", "", "", "")
    assert "3 reviews on 1 of the days" in chart.summary
    assert chart.svg.count("</title></rect>") == 11 * 7 + 3  # a day each (the key's: no title)
    one = heatmap("h", "Activity", {date(2024, 7, 16): 1}, first, last)
    assert "1 review on 1 of the days" in one.summary


def test_the_heatmap_has_a_key_from_less_to_more():
    """Its shades said nothing of what they stood for without opening the table."""
    chart = heatmap("h", "Activity", {}, date(2024, 7, 1), date(2024, 7, 21))
    key = chart.svg[chart.svg.index(">Less<") : chart.svg.index(">More<")]
    assert [f'class="heat-{level}"' in key for level in range(5)] == [True] * 5


def test_quiz_times_show_in_the_learners_own_time_zone(student_client, student):
    student.time_zone = "Asia/Seoul"
    db.session.commit()
    factories.make_attempt(student, factories.make_bank(), {}, started_at=at(16, 20))
    html = student_client.get("/progress/").get_data(as_text=True)
    assert "2024-07-17 05:00 KST" in re.sub(r"<[^>]+>", "", html)  # the text shown


def test_a_finished_quiz_in_my_history_opens_its_results(student_client, student):
    """The progress page listed past quizzes without a way back to their answers."""
    bank = factories.make_bank(title="Week 3")
    question = factories.make_question(factories.make_fact(bank))
    attempt = factories.make_attempt(student, bank, {question: True})
    html = student_client.get("/progress/").get_data(as_text=True)
    history = html[html.index("Quiz history") :]
    assert f'<a href="/quiz/{attempt.id}/results">' in history
    assert student_client.get(f"/quiz/{attempt.id}/results").status_code == 200


def test_my_quiz_history_tells_a_class_quiz_from_practice(student_client, student):
    """Probe: the history listed a quiz the class set like one taken for practice."""
    bank = factories.make_bank(title="Week 3")
    classroom = factories.make_classroom(factories.make_user(role="teacher"), "7B History")
    assignment = factories.make_assignment(classroom, bank, as_quiz=True)
    factories.make_attempt(student, bank, {}, started_at=at(10, 0))
    factories.make_attempt(student, bank, {}, started_at=at(11, 0), assignment_id=assignment.id)
    html = student_client.get("/progress/").get_data(as_text=True)
    body = html[html.index("Quiz history") :].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("</tr>")[:-1]]
    assert "Class quiz, 7B History" in rows[0] and "Practice" not in rows[0]
    assert "Practice" in rows[1] and "Class quiz" not in rows[1]


def test_tables_without_links_can_be_scrolled_from_the_keyboard_on_a_narrow_screen(
    student_client, student
):
    fact = factories.make_fact(factories.make_bank(), topic="Arrival")
    factories.make_memory_state(student, fact)
    question = factories.make_question(fact)
    factories.make_review(student, question)
    factories.make_attempt(student, fact.bank, {question: True})
    html = student_client.get("/progress/").get_data(as_text=True)
    # A table wider than a phone scrolls in its wrapper; a keyboard can only scroll what
    # it can focus, and a focused region needs a name.
    for name in ('aria-label="Mastery per topic, table"', 'aria-label="Quiz history, table"'):
        assert f'<div class="table-wrap" tabindex="0" role="region" {name}>' in html
    assert html.count('tabindex="0" role="region" aria-label="') == 5  # with the chart tables


def test_every_region_of_the_progress_page_has_a_name_of_its_own(student_client, student):
    # Probe: a screen reader's list of regions gave "Quiz history" twice, the section and
    # the table's scroll box inside it (axe: landmark-unique), and likewise for the topics.
    fact = factories.make_fact(factories.make_bank(), topic="Arrival")
    factories.make_memory_state(student, fact)
    question = factories.make_question(fact)
    factories.make_attempt(student, fact.bank, {question: True})
    html = student_client.get("/progress/").get_data(as_text=True)

    names = region_names(html)

    assert "Quiz history" in names and "Mastery per topic" in names
    assert len(names) == len(set(names)), sorted(names)


def region_names(html: str) -> list[str]:
    """The names of the page's regions: sections named by an element's text
    (aria-labelledby), and elements with role="region" named by aria-label or by text."""
    page = Regions()
    page.feed(html)
    return [
        region["aria-label"] or page.texts.get(region["aria-labelledby"] or "", "")
        for region in page.regions
    ]


class Regions(HTMLParser):
    """Each region's attributes, and the text of every element with an id."""

    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.regions: list[dict[str, str | None]] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section" or found.get("role") == "region":
            self.regions.append({key: found.get(key) for key in ("aria-label", "aria-labelledby")})
        if tag not in self.VOID:
            self._open.append((tag, found.get("id")))
            if found.get("id"):
                self.texts[str(found["id"])] = ""

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _tag, ident in self._open:
            if ident:
                self.texts[ident] += data


def test_the_accuracy_summary_reads_well_for_no_one_or_several_weeks():
    assert accuracy_summary([]) == "No reviews in these weeks yet."
    assert accuracy_summary([None, None]) == "No reviews in these weeks yet."
    assert accuracy_summary([80]) == "80% answered correctly, in the one week with reviews."
    assert accuracy_summary([50, 90, 70]) == (
        "Accuracy ranged from 50% to 90% over 3 weeks with reviews."
    )


def test_weeks_without_answers_are_said_to_be_no_data_not_0_percent():
    """Weeks before a learner's first answer were an empty stretch of baseline, as a
    week of 0% is: they looked failed. The summary says they are no data, and how."""
    assert accuracy_summary([None, None, None, 80, None, 60]) == (
        "Accuracy ranged from 60% to 80% over 2 weeks with reviews. "
        "The other 4 weeks had no answers: no data, marked \u2013, not 0%."
    )
    assert accuracy_summary([None, 80]) == (
        "80% answered correctly, in the one week with reviews. "
        "The other week had no answers: no data, marked \u2013, not 0%."
    )


def test_a_bar_without_data_is_a_dash_not_a_bar_of_no_height():
    chart = bar_chart("c", "Correct", [("7\nSep", None), ("14\nSep", 0)], "Correct", "s", "%")
    bars = re.findall(r"<rect[^>]*>.*?</rect>", chart.svg)
    assert len(bars) == 1 and "0%" in bars[0]  # the 0% week keeps its (empty) bar
    mark = re.search(r"<g><title>(.*?)</title><text[^>]*>(.*?)</text></g>", chart.svg)
    assert mark and mark.groups() == ("7 Sep: no data", "\u2013")
    assert 'class="no-data"' in mark.group(0)
    assert chart.rows[0] == ("7\nSep", "no data")


def test_one_review_due_is_one_review_in_the_forecasts_words(student_client, student):
    bank = factories.make_bank()
    fact = factories.make_fact(bank)
    factories.make_question(fact)
    factories.make_memory_state(student, fact, due=now_utc() + timedelta(days=2))
    html = student_client.get("/progress/").get_data(as_text=True)
    assert "1 review due over the next 14 days" in html


def test_with_dates_chosen_the_figures_name_the_days_they_cover_not_the_last_ones(
    student_client, student
):
    """Probe: with 1 to 10 July chosen, "Answered right in the last 30 days" and "Reviews
    per day, last 12 weeks" counted the 30 days and 12 weeks up to 10 July, while the
    page said "last" and nothing told which figures the dates change."""
    fact = factories.make_fact(factories.make_bank())
    factories.make_memory_state(student, fact)
    factories.make_review(student, factories.make_question(fact))
    plain = student_client.get("/progress/").get_data(as_text=True)
    assert "Answered right in the last 30 days" in plain
    assert "Reviews per day, last 12 weeks" in plain
    assert "With dates chosen" not in plain

    html = student_client.get("/progress/?from=2024-07-01&to=2024-07-10").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "last 30 days" not in text and "last 12 weeks" not in text
    assert "Answered right in the 30 days to 10 Jul 2024" in text
    assert "Reviews per day, 12 weeks to 10 Jul 2024" in text
    assert "With dates chosen:" in text and "as they stand now" in text
