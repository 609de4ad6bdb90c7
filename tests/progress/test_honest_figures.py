"""Honest progress: measured figures next to the scheduler's estimates, both labelled, and
no "100%" right after a session with many mistakes (issue 13, item 5)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from quizapp.progress.charts import LABEL_PX, bar_chart, heatmap
from quizapp.timeutil import now_utc
from tests.support import factories


def first_session_with_four_of_ten_wrong(student):
    """Ten new facts met a minute ago, six answered right and four wrong, as after a
    real first session: every memory state was reviewed just now."""
    bank = factories.make_bank(title="Defectors' Day")
    just_now = now_utc() - timedelta(minutes=1)
    for n in range(10):
        fact = factories.make_fact(bank, topic="Arrival")
        question = factories.make_question(fact)
        right = n < 6
        factories.make_memory_state(
            student, fact, state=1, step=0, stability=3.2 if right else 0.2, last_review=just_now
        )
        factories.make_review(student, question, correct=right, reviewed_at=just_now)
    return bank


def figure(html: str, label: str) -> str:
    """The value shown in the <dd> right after the <dt> labelled ``label``."""
    match = re.search(re.escape(label) + r"</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert match, f"no figure labelled {label!r}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_right_after_a_session_with_40_percent_wrong_no_figure_says_100(student_client, student):
    first_session_with_four_of_ten_wrong(student)
    html = student_client.get("/progress/").get_data(as_text=True)
    assert figure(html, "Answered right in the last 30 days") == "60%"
    assert "measured: 6 of 10 answers" in html
    # Every fact was answered today, so the scheduler has nothing to predict yet.
    assert figure(html, "Predicted to recall today") == "—"
    shown = re.sub(r"<[^>]*>", " ", html)  # the words on the page, not its markup's widths
    assert "100%" not in shown


def test_the_prediction_covers_facts_studied_before_today(student_client, student):
    bank = first_session_with_four_of_ten_wrong(student)
    older = factories.make_fact(bank, topic="Work")
    factories.make_question(older)
    factories.make_memory_state(
        student, older, stability=5, last_review=now_utc() - timedelta(days=5)
    )
    html = student_client.get("/progress/").get_data(as_text=True)
    assert figure(html, "Predicted to recall today") == "90%"  # 5 days at stability 5
    assert "over 1 fact studied before today" in html


def test_the_roster_shows_the_measured_share_next_to_the_prediction(teacher_client, teacher):
    student = factories.make_user(name="Ann")
    bank = first_session_with_four_of_ten_wrong(student)
    question = factories.make_question(factories.make_fact(bank))
    factories.make_attempt(
        student, bank, {question: True, factories.make_question(factories.make_fact(bank)): False}
    )
    classroom = factories.make_classroom(teacher, "Year 9", students=[student], banks=[bank])
    html = teacher_client.get(f"/progress/class/{classroom.id}").get_data(as_text=True)
    row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S).group(0)
    cells = dict(re.findall(r'data-label="([^"]+)">(.*?)</td>', row, re.S))
    text = {key: " ".join(re.sub(r"<[^>]+>", " ", value).split()) for key, value in cells.items()}
    assert text["Right, 30 days"] == "58% of 12"  # 6 + 1 right of 10 + 2 answers
    assert text["Predicted today"] == "—"
    assert text["Quiz average"] == "50%"
    assert "100%" not in row


def test_item_analysis_shows_question_text_and_its_attempts_never_internal_keys(
    teacher_client, teacher
):
    bank = factories.make_bank(title="Defectors' Day")
    fact = factories.make_fact(bank, key="venue")
    question = factories.make_question(
        fact, kind="multiple_choice", key="multiple_choice", prompt="Where was the ceremony held?"
    )
    student = factories.make_user()
    classroom = factories.make_classroom(teacher, students=[student], banks=[bank])
    factories.make_attempt(student, bank, {question: False})
    html = teacher_client.get(f"/progress/class/{classroom.id}").get_data(as_text=True)
    assert "Where was the ceremony held?" in html
    assert "venue/multiple_choice" not in html and "multiple_choice" not in html
    assert "multiple choice" in html
    assert '0% <span class="muted">of 1</span>' in html  # the attempts it rests on
    assert '<span class="flag">' not in html
    assert "too few attempts to flag" in html


def test_chart_labels_are_at_least_12_px():
    sizes = [
        int(size)
        for chart in (
            bar_chart("b", "Bars", [("Wed\n17", 3), ("Thu\n18", None)], "n", "s", unit="%"),
            heatmap("h", "Days", {}, now_utc().date() - timedelta(days=80), now_utc().date()),
        )
        for size in re.findall(r'font-size="(\d+)"', chart.svg)
    ]
    assert sizes and min(sizes) >= LABEL_PX >= 12


@pytest.mark.parametrize("path", ["/progress/"])
def test_the_date_filter_is_a_date_input_and_the_url_keeps_iso_dates(student_client, path):
    html = student_client.get(path + "?from=2024-07-01&to=2024-07-31").get_data(as_text=True)
    assert re.search(r'<input[^>]*type="date"[^>]*name="from"|name="from"[^>]*type="date"', html)
    assert 'value="2024-07-01"' in html  # shown by the browser in the viewer's locale
    assert "from=2024-07-01&amp;to=2024-07-31" in html  # links keep ISO dates


def test_progress_pages_link_their_own_stylesheet_and_use_no_inline_styles(student_client, student):
    first_session_with_four_of_ten_wrong(student)
    html = student_client.get("/progress/").get_data(as_text=True)
    assert "/static/progress.css" in html
    assert "style=" not in html and "<script>" not in html
