"""A teacher's class dashboard: roster figures, sorting, forgotten facts, access, pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import QuizAttempt, Review
from quizapp.progress.classroom import most_forgotten_facts, roster, sort_roster
from quizapp.progress.learner import stages
from quizapp.progress.scope import learner_scope
from tests.support import factories
from tests.support.clients import logged_in_client
from tests.support.progress_fixtures import NOW, at


@pytest.fixture
def school(app, teacher):
    """Ann has history in the class's bank; Bob has none; Zed is not in the class, and
    Ann's work in an unassigned bank must not count either."""
    ann = factories.make_user(name="Ann")
    bob = factories.make_user(name="Bob")
    zed = factories.make_user(name="Zed")
    bank = factories.make_bank(title="Class bank")
    other_bank = factories.make_bank(title="Elsewhere")
    facts = [factories.make_fact(bank) for _ in range(4)]
    questions = [factories.make_question(fact) for fact in facts]
    stray = factories.make_question(factories.make_fact(other_bank))
    classroom = factories.make_classroom(teacher, "Year 9", students=[ann, bob], banks=[bank])
    factories.make_memory_state(ann, facts[0], stability=30, last_review=NOW - timedelta(days=30))
    factories.make_memory_state(ann, facts[1], stability=5, last_review=NOW - timedelta(days=5))
    factories.make_memory_state(ann, stray.fact)
    factories.make_memory_state(zed, facts[0])
    for moment in (at(1), at(15), at(16), at(17, 10)):
        factories.make_review(ann, questions[0], reviewed_at=moment)
    factories.make_review(ann, stray, reviewed_at=at(17, 11))
    factories.make_review(zed, questions[0], reviewed_at=at(17, 11))
    factories.make_attempt(ann, bank, {questions[0]: True, questions[1]: False}, started_at=at(2))
    factories.make_attempt(ann, bank, {q: True for q in questions}, started_at=at(3))
    factories.make_attempt(ann, other_bank, {stray: True}, started_at=at(3))
    return {
        "class": classroom,
        "ann": ann,
        "bob": bob,
        "zed": zed,
        "facts": facts,
        "questions": questions,
        "bank": bank,
    }


def test_the_roster_shows_each_students_figures_for_the_class_banks(school):
    ann, bob = roster(school["class"], NOW)
    assert (ann.name, bob.name) == ("Ann", "Bob")
    assert ann.facts_learned == 2
    assert ann.facts_mature == 1
    assert ann.predicted_recall == pytest.approx(0.9)
    # measured: 4 study answers and 6 quiz answers in the last 30 days, one wrong
    assert (ann.answers_30_days, ann.right_30_days) == (10, pytest.approx(0.9))
    # quiz answers count too: two from the attempt on the 2nd/3rd are outside 7 days
    assert ann.reviews_7_days == 3
    assert ann.last_active == at(17, 10)
    assert ann.quiz_average == pytest.approx(75.0)
    assert (bob.facts_learned, bob.facts_mature, bob.reviews_7_days) == (0, 0, 0)
    assert bob.predicted_recall is None and bob.right_30_days is None
    assert bob.last_active is None and bob.quiz_average is None


def test_the_roster_can_be_limited_to_a_date_range(school):
    from datetime import date

    from quizapp.progress.period import DateRange

    (ann, _bob) = roster(school["class"], NOW, DateRange(date(2024, 7, 1), date(2024, 7, 2)))
    assert ann.last_active == at(2)
    assert ann.reviews_7_days == 3  # the review on the 1st and the attempt's two answers
    assert ann.quiz_average == pytest.approx(50.0)


def test_the_roster_sorts_by_any_column_with_blanks_last(school):
    rows = roster(school["class"], NOW)
    assert [r.name for r in sort_roster(rows, "learned", descending=True)] == ["Ann", "Bob"]
    assert [r.name for r in sort_roster(rows, "learned")] == ["Bob", "Ann"]
    assert [r.name for r in sort_roster(rows, "quiz", descending=True)] == ["Ann", "Bob"]
    assert [r.name for r in sort_roster(rows, "quiz")] == ["Ann", "Bob"]
    assert [r.name for r in sort_roster(rows, "name", descending=True)] == ["Bob", "Ann"]
    assert [r.name for r in sort_roster(rows, "nonsense")] == ["Ann", "Bob"]


def test_the_facts_the_class_forgets_most_come_first(school):
    ann, bob, questions = school["ann"], school["bob"], school["questions"]
    for student, question, correct in [
        (ann, questions[2], False),
        (bob, questions[2], False),
        (bob, questions[3], False),
        (bob, questions[3], False),
        (bob, questions[3], True),
        (school["zed"], questions[1], False),  # not in the class
    ]:
        factories.make_review(student, question, correct=correct, reviewed_at=at(16))
    facts = most_forgotten_facts(school["class"])
    # with the two attempts' answers: [2] two wrong of 3, [3] two of 4, [1] one of 2
    assert [f.fact_id for f in facts] == [
        school["facts"][2].id,
        school["facts"][3].id,
        school["facts"][1].id,
    ]
    assert (facts[0].wrong, facts[0].answers) == (2, 3)
    assert facts[1].share_wrong == pytest.approx(2 / 4)
    assert len(most_forgotten_facts(school["class"], limit=1)) == 1


def test_students_cannot_open_a_class_dashboard(school, client, auth):
    auth.login(school["ann"].email)
    assert client.get(f"/progress/class/{school['class'].id}").status_code == 403
    assert client.get("/progress/classes").status_code == 403


def test_another_teacher_gets_not_found(school, client, auth):
    other = factories.make_user(role="teacher")
    auth.login(other.email)
    class_id = school["class"].id
    assert client.get(f"/progress/class/{class_id}").status_code == 404
    url = f"/progress/class/{class_id}/student/{school['ann'].id}"
    assert client.get(url).status_code == 404
    assert client.get("/progress/class/99999").status_code == 404


def test_the_teacher_sees_roster_items_and_forgotten_facts(school, teacher_client):
    page = teacher_client.get(f"/progress/class/{school['class'].id}?sort=learned&dir=desc")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.index(">Ann<") < html.index(">Bob<")
    assert 'aria-sort="descending"' in html
    assert "Item analysis" in html and "forgets most" in html
    assert f"/progress/class/{school['class'].id}/export/answers.csv" in html


def test_item_analysis_names_each_questions_bank_only_when_the_class_has_several(
    school, teacher_client
):
    """One bank's name after every question ("(Class bank)") was noise on a class that
    studies one bank; with two it tells their questions apart."""
    url = f"/progress/class/{school['class'].id}"

    def items() -> str:
        html = teacher_client.get(url).get_data(as_text=True)
        return html[html.index('id="items-heading"') : html.index('id="export-heading"')]

    assert "(Class bank)" not in items()
    second = factories.make_bank(title="Week 4")
    question = factories.make_question(factories.make_fact(second))
    factories.make_assignment(school["class"], second)
    factories.make_attempt(school["ann"], second, {question: True}, started_at=at(4))
    assert "(Class bank)" in items() and "(Week 4)" in items()


def test_forgotten_facts_name_their_bank_once_unless_the_list_mixes_banks(school, teacher_client):
    """Every line of "Facts the class forgets most" ended "(Class bank, fact-12)": the one
    bank five times over, and a key the teacher never sees elsewhere. One bank is named
    once, above the list; lines name their bank only when the list mixes banks."""
    url = f"/progress/class/{school['class'].id}"
    ann, facts = school["ann"], school["facts"]
    for question in school["questions"][2:]:
        factories.make_review(ann, question, correct=False, reviewed_at=at(16))

    def forgotten() -> str:
        html = teacher_client.get(url).get_data(as_text=True)
        return html[html.index('id="forgotten-heading"') : html.index('id="items-heading"')]

    assert forgotten().count("Class bank") == 1
    assert "All from the bank Class bank." in forgotten()
    assert facts[2].key not in forgotten()
    second = factories.make_bank(title="Week 4")
    question = factories.make_question(factories.make_fact(second))
    factories.make_assignment(school["class"], second)
    factories.make_review(ann, question, correct=False, reviewed_at=at(16))
    mixed = forgotten()
    assert "(Week 4)" in mixed and "(Class bank)" in mixed and "All from" not in mixed


def test_a_forgotten_facts_count_reads_apart_from_its_statement(school, teacher_client):
    """A statement ends with its own full stop, so "every year.: 70 wrong of 240" read as
    one run-on line; the count now stands on its own line under the statement."""
    ann, question = school["ann"], school["questions"][2]
    factories.make_review(ann, question, correct=False, reviewed_at=at(16))
    html = teacher_client.get(f"/progress/class/{school['class'].id}").get_data(as_text=True)
    section = html[html.index('id="forgotten-heading"') : html.index('id="items-heading"')]
    statement = question.fact.statement
    assert statement.endswith(".")
    assert f"{statement}</strong>:" not in section
    assert re.search(
        rf"{re.escape(statement)}</strong>\s*<br>\s*<span class=\"muted\">1 wrong of", section
    )


def test_a_bad_date_range_is_explained_and_ignored(school, teacher_client):
    page = teacher_client.get(f"/progress/class/{school['class'].id}?from=2024-07-10&to=2024-07-01")
    assert page.status_code == 200
    assert "must not be after" in page.get_data(as_text=True)
    page = teacher_client.get(f"/progress/class/{school['class'].id}?from=yesterday")
    assert page.status_code == 200
    assert "Not a valid date" in page.get_data(as_text=True)


def test_with_dates_chosen_the_roster_says_which_columns_follow_them(school, teacher_client):
    # Probe: "Last active: never" stood beside "Reviews, 7 days: 82" with no word on
    # which columns the dates limit.
    url = f"/progress/class/{school['class'].id}"
    plain = teacher_client.get(url).get_data(as_text=True)
    assert "With dates chosen" not in plain
    dated = teacher_client.get(f"{url}?from=2024-07-10&to=2024-07-16").get_data(as_text=True)
    assert "“Quiz average” and “Last active” count those dates only" in dated
    assert "“Facts learned”, “Mature” and “Predicted today” are as they stand now" in dated


def test_the_roster_says_its_quiz_average_counts_retakes_unlike_the_best_score(
    school, teacher_client
):
    # Probe: Ann's home page said "best score 4 / 4" and her LMS gradebook got 100%, while
    # the roster showed "Quiz average 75%" (her 50% first try counted too), with no word
    # on the page saying why the teacher's figure was not the one the student saw.
    html = teacher_client.get(f"/progress/class/{school['class'].id}").get_data(as_text=True)
    hint = re.sub(r"\s+", " ", html[html.index('id="roster-heading"') : html.index("<table")])
    assert (
        "“Quiz average”: the mean of every quiz finished on the class\u2019s banks, retakes and"
        " quizzes the student chose themselves included" in hint
    )
    assert "their best on each quiz the class set" in hint


def test_the_teacher_opens_a_students_progress_read_only(school, teacher_client):
    url = f"/progress/class/{school['class'].id}/student/{school['ann'].id}"
    html = teacher_client.get(url).get_data(as_text=True)
    assert "Ann\u2019s progress" in html
    assert "Read-only" in html
    assert "Download my data" not in html
    zed_url = f"/progress/class/{school['class'].id}/student/{school['zed'].id}"
    assert teacher_client.get(zed_url).status_code == 404


def test_the_teacher_home_links_to_class_progress(school, teacher_client):
    html = teacher_client.get("/").get_data(as_text=True)
    assert f"/progress/class/{school['class'].id}" in html
    assert "Year 9" in teacher_client.get("/progress/classes").get_data(as_text=True)


def test_a_students_quiz_times_show_in_the_students_zone_as_the_page_says(school, teacher_client):
    ann = school["ann"]
    ann.time_zone = "Asia/Seoul"
    db.session.commit()
    url = f"/progress/class/{school['class'].id}/student/{ann.id}"
    text = re.sub(r"<[^>]+>", "", teacher_client.get(url).get_data(as_text=True))
    assert "days are in Asia/Seoul" in text
    assert " KST" in text and not re.search(r"\d\d:\d\d UTC", text)  # no time in UTC


def test_the_date_range_says_whose_days_it_picks_when_the_student_lives_elsewhere(
    school, teacher, teacher_client
):
    """A teacher in Seoul on the page of a student in London read "days are in
    Europe/London" above a From/To that picks Seoul's days (as the class page and its
    downloads do): 2 March there is 15:00 on 1 March to 15:00 on 2 March in London."""
    teacher.time_zone = "Asia/Seoul"
    school["ann"].time_zone = "Europe/London"
    db.session.commit()
    student_page = f"/progress/class/{school['class'].id}/student/{school['ann'].id}"
    text = re.sub(r"<[^>]+>", "", teacher_client.get(student_page).get_data(as_text=True))
    assert "days are in Europe/London" in text
    assert "From and To are days in Asia/Seoul" in text
    class_page = f"/progress/class/{school['class'].id}"
    text = re.sub(r"<[^>]+>", "", teacher_client.get(class_page).get_data(as_text=True))
    assert "From and To are days in Asia/Seoul" in text


def test_predicted_today_leaves_out_what_the_student_answered_on_their_own_day(app, teacher):
    """The roster's "Predicted today" is the figure the student's own page shows: facts
    answered since the student's midnight are left out, wherever the teacher is."""
    teacher.time_zone = "America/Los_Angeles"  # NOW is 05:00 on 17 July there
    seoul = factories.make_user(name="Seo")
    seoul.time_zone = "Asia/Seoul"  # and 21:00 on 17 July here
    db.session.commit()
    bank = factories.make_bank(title="Class bank")
    facts = [factories.make_fact(bank) for _ in range(2)]
    for fact in facts:
        factories.make_question(fact)
    classroom = factories.make_classroom(teacher, "Year 9", students=[seoul], banks=[bank])
    # 01:00 on 17 July in Seoul (today for the student), 09:00 on 16 July in Los Angeles.
    factories.make_memory_state(seoul, facts[0], stability=5, last_review=at(16, 16))
    factories.make_memory_state(seoul, facts[1], stability=5, last_review=at(17, 8))

    (row,) = roster(classroom, NOW, time_zone=teacher.time_zone)
    own_page = stages(learner_scope(seoul), NOW)
    assert own_page.memory.predicted_recall is None  # both facts answered today, in Seoul
    assert row.predicted_recall == own_page.memory.predicted_recall


def test_a_students_page_reads_the_rosters_dates_in_the_teachers_time_zone(
    app, teacher, teacher_client
):
    """The roster links each student's page with its date range: both read the dates in
    the teacher's time zone, so the link shows the records the roster counted, for a
    student in Seoul and a teacher in New York as for two in one zone."""
    teacher.time_zone = "America/New_York"
    student = factories.make_user(name="Sora")
    student.time_zone = "Asia/Seoul"
    db.session.commit()
    bank = factories.make_bank(title="Class bank", owner=teacher)
    question = factories.make_question(factories.make_fact(bank))
    classroom = factories.make_classroom(teacher, "Year 9", students=[student], banks=[bank])
    # 16:00 on 16 July in New York, 05:00 on 17 July in Seoul.
    factories.make_attempt(student, bank, {question: True}, started_at=at(16, 20))
    dates = "from=2024-07-16&to=2024-07-16"
    roster_page = teacher_client.get(f"/progress/class/{classroom.id}?{dates}")
    assert "100%" in roster_page.get_data(as_text=True)
    page = teacher_client.get(f"/progress/class/{classroom.id}/student/{student.id}?{dates}")
    html = page.get_data(as_text=True)
    assert "No quizzes in these dates yet" not in html
    assert "Class bank" in html.split("Quiz history", 1)[1]


def test_the_teacher_opens_a_students_finished_quiz_and_reads_each_answer(
    school, teacher_client, app
):
    # Probe: the student's page listed "1 / 2" for a quiz with no way to see which question
    # was missed or what was typed; the teacher had to find it in the answers download.
    classroom, ann, questions = school["class"], school["ann"], school["questions"]
    attempt = factories.make_attempt(ann, school["bank"], {questions[0]: True, questions[1]: False})
    review = next(r for r in attempt_reviews(attempt) if r.question_id == questions[1].id)
    review.response = '=not this, "quoted"'
    db.session.commit()
    base = f"/progress/class/{classroom.id}/student/{ann.id}"

    history = teacher_client.get(base).get_data(as_text=True)
    assert f'href="{base}/quiz/{attempt.id}"' in history
    page = teacher_client.get(f"{base}/quiz/{attempt.id}").get_data(as_text=True)

    assert "Score:" in page and "1 / 2" in page and "50% right" in page
    assert "Missed: 1</h2>" in page
    assert "=not this, &#34;quoted&#34;" in page  # what Ann typed, escaped
    assert questions[1].prompt in page and questions[1].answer in page
    assert "Take another quiz" not in page and "Study this bank" not in page  # Ann's, not ours


def test_a_teacher_opens_no_quiz_outside_their_class_and_its_banks(school, teacher_client, app):
    classroom, ann, zed = school["class"], school["ann"], school["zed"]
    elsewhere = factories.make_bank(title="Not the class's")
    own_practice = factories.make_attempt(
        ann, elsewhere, {factories.make_question(factories.make_fact(elsewhere)): True}
    )
    outsider = factories.make_attempt(zed, school["bank"], {school["questions"][0]: True})
    going = factories.make_attempt(
        ann, school["bank"], {school["questions"][0]: True}, finished_at=None
    )
    other_teacher = factories.make_user(role="teacher", email="other@example.org")
    base = f"/progress/class/{classroom.id}/student"

    assert teacher_client.get(f"{base}/{ann.id}/quiz/{own_practice.id}").status_code == 404
    assert teacher_client.get(f"{base}/{zed.id}/quiz/{outsider.id}").status_code == 404
    assert teacher_client.get(f"{base}/{ann.id}/quiz/{outsider.id}").status_code == 404
    assert teacher_client.get(f"{base}/{ann.id}/quiz/{going.id}").status_code == 404
    stranger = logged_in_client(app, other_teacher.email)
    finished = factories.make_attempt(ann, school["bank"], {school["questions"][0]: True})
    assert stranger.get(f"{base}/{ann.id}/quiz/{finished.id}").status_code == 404


def attempt_reviews(attempt: QuizAttempt) -> list[Review]:
    return list(db.session.scalars(select(Review).where(Review.attempt_id == attempt.id)))


def test_two_students_of_one_name_are_told_apart_by_their_emails(app, teacher, teacher_client):
    """Two 김민지 in a class of 35 is no rarity: the roster, each one's page and the
    question before removing one say which is which; a name no one shares stays alone."""
    first = factories.make_user(email="minji.kim@school.example", name="김민지")
    second = factories.make_user(email="mj.kim2@school.example", name="김민지 ")
    ann = factories.make_user(email="ann@school.example", name="Ann")
    room = factories.make_classroom(teacher, students=[first, second, ann])
    roster_page = teacher_client.get(f"/progress/class/{room.id}").get_data(as_text=True)
    assert first.email in roster_page and second.email in roster_page
    assert ann.email not in roster_page
    student_page = teacher_client.get(f"/progress/class/{room.id}/student/{second.id}")
    assert second.email in student_page.get_data(as_text=True)
    question = teacher_client.get(f"/teach/classes/{room.id}/students/{first.id}/remove")
    assert first.email in question.get_data(as_text=True)


def test_a_students_page_links_to_their_page_in_the_teachers_other_classes(
    app, teacher, teacher_client
):
    """Each class counts a student from their join to it, so a student in two of one
    teacher's classes has two pages with different figures: each names the other."""
    student = factories.make_user(name="박서연")
    history = factories.make_classroom(teacher, "Year 9 History", students=[student])
    civics = factories.make_classroom(teacher, "Year 9 Civics", students=[student])
    elsewhere = factories.make_classroom(
        factories.make_user(role="teacher"), "Not yours", students=[student]
    )
    page = teacher_client.get(f"/progress/class/{history.id}/student/{student.id}")
    text = page.get_data(as_text=True)
    assert f'href="/progress/class/{civics.id}/student/{student.id}">Year 9 Civics<' in text
    assert elsewhere.name not in text and f"/progress/class/{elsewhere.id}/" not in text
    alone = factories.make_user(name="Solo")
    factories.enroll(history, alone)
    solo = teacher_client.get(f"/progress/class/{history.id}/student/{alone.id}")
    assert "Also in your classes" not in solo.get_data(as_text=True)


def test_a_class_progress_page_opens_with_links_to_each_of_its_sections(school, teacher_client):
    """On a phone each of 35 students is a card: the exports and the item analysis sat
    below some 9,000 px of roster, with no way there but scrolling."""
    classroom = school["class"]
    page = teacher_client.get(f"/progress/class/{classroom.id}").get_data(as_text=True)
    index = re.search(r'<nav aria-label="On this page"[^>]*>(.*?)</nav>', page, re.S)
    assert index and page.index(index.group(0)) < page.index('id="roster-heading"')
    targets = re.findall(r'href="#([\w-]+)"', index.group(1))
    assert targets == ["roster-heading", "forgotten-heading", "items-heading", "export-heading"]
    assert all(f'id="{target}"' in page for target in targets)
