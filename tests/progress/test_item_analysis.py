"""Item analysis against a hand-computed example (Moodle's facility and discrimination)."""

from __future__ import annotations

import math

import pytest

from quizapp.extensions import db
from quizapp.progress.item_analysis import class_item_analysis, item_statistics
from tests.support import factories
from tests.support.clients import logged_in_client

# Four attempts over three questions (1 = right). Worked by hand, with X = the marks on
# the other two questions and sample (n - 1) variances:
#   q1: x = 1 1 0 0, X = 2 1 1 1 -> Cov = 1/6, V(x) = 1/3, V(X) = 1/4  -> D = 100/sqrt(3)
#   q2: x = 1 0 0 1, X = 2 2 1 0 -> Cov = -1/6, V(x) = 1/3, V(X) = 11/12 -> D = -50/sqrt(2.75)
#   q3: x = 1 1 1 0, X = 2 1 0 1 -> Cov = 0 -> D = 0
ATTEMPTS = [
    {1: 1.0, 2: 1.0, 3: 1.0},
    {1: 1.0, 2: 0.0, 3: 1.0},
    {1: 0.0, 2: 0.0, 3: 1.0},
    {1: 0.0, 2: 1.0, 3: 0.0},
]


def test_facility_and_discrimination_match_the_hand_computed_example():
    stats = item_statistics(ATTEMPTS)
    assert stats[1].facility == pytest.approx(0.5)
    assert stats[1].discrimination == pytest.approx(100 / math.sqrt(3))  # 57.7
    assert stats[2].discrimination == pytest.approx(-50 / math.sqrt(2.75))  # -30.2
    assert stats[3].facility == pytest.approx(0.75)
    assert stats[3].discrimination == pytest.approx(0.0)
    assert all(item.attempts == 4 for item in stats.values())


# Twelve attempts whose question 2 is uncorrelated with the rest: its index is 0, but
# floating point makes it -2.7e-15.
NO_CORRELATION = [
    dict(zip((1, 2, 3, 4), marks, strict=True))
    for marks in (
        (1, 1, 1, 1), (1, 0, 0, 0), (1, 0, 0, 1), (1, 1, 1, 1), (0, 1, 0, 1), (1, 0, 0, 1),
        (0, 1, 1, 0), (1, 1, 0, 1), (1, 1, 1, 0), (1, 0, 1, 0), (0, 1, 1, 1), (1, 0, 1, 1),
    )
]  # fmt: skip


def test_an_index_that_shows_as_zero_is_neither_negative_nor_flagged():
    # Probe: the class page showed "-0.0" beside the flag "negative discrimination".
    stats = item_statistics(NO_CORRELATION)[2]
    assert stats.shown_discrimination == 0.0 and str(stats.shown_discrimination) == "0.0"
    assert stats.flags == ()


def test_questions_are_flagged_very_easy_very_hard_or_negatively_discriminating():
    stats = item_statistics(ATTEMPTS * 2)  # the same pattern twice: 8 attempts
    assert stats[2].flags == ("negative discrimination",)
    assert stats[1].flags == ()
    everyone_right = item_statistics([{1: 1.0, 2: 1.0}, {1: 1.0, 2: 0.0}] * 3)
    assert everyone_right[1].flags == ("very easy",)
    assert everyone_right[1].discrimination is None  # x never varies
    nobody_right = item_statistics([{1: 0.0, 2: 1.0}, {1: 0.0, 2: 0.0}] * 3)
    assert nobody_right[1].flags == ("very hard",)


def test_no_question_is_flagged_on_fewer_than_five_attempts():
    assert item_statistics(ATTEMPTS)[2].flags == ()  # negative, but only 4 attempts
    assert item_statistics([{1: 0.0}])[1].flags == ()  # one wrong answer is not "very hard"
    assert item_statistics([{1: 0.0}] * 4)[1].flags == ()
    assert item_statistics([{1: 0.0}] * 5)[1].flags == ("very hard",)


def test_a_single_attempt_has_no_discrimination():
    assert item_statistics([{1: 1.0, 2: 0.0}])[1].discrimination is None


def test_the_class_analysis_reads_finished_attempts_of_the_class(app, teacher):
    bank = factories.make_bank()
    q1, q2, q3 = (
        factories.make_question(factories.make_fact(bank), kind="multiple_choice") for _ in range(3)
    )
    students = [factories.make_user() for _ in range(4)]
    classroom = factories.make_classroom(teacher, students=students, banks=[bank])
    for student, marks in zip(students, ATTEMPTS, strict=True):
        factories.make_attempt(
            student, bank, {q: bool(marks[n]) for n, q in enumerate((q1, q2, q3), 1)}
        )
    factories.make_attempt(students[0], bank, {q1: False, q2: True}, finished_at=None)  # unfinished
    factories.make_attempt(
        factories.make_user(), bank, {q1: False, q2: True, q3: False}
    )  # not in the class
    rows = {row.question_id: row for row in class_item_analysis(classroom)}
    assert rows[q1.id].stats.discrimination == pytest.approx(100 / math.sqrt(3))
    assert rows[q2.id].stats.flags == ()  # four attempts are too few to flag
    assert rows[q3.id].stats.facility == pytest.approx(0.75)
    assert rows[q1.id].kind == "multiple_choice"


def test_a_question_drawn_but_left_unanswered_scores_zero(app, teacher):
    bank = factories.make_bank()
    q1, q2 = (factories.make_question(factories.make_fact(bank)) for _ in range(2))
    student = factories.make_user()
    classroom = factories.make_classroom(teacher, students=[student], banks=[bank])
    attempt = factories.make_attempt(student, bank, {q1: True})
    attempt.question_ids = [q1.id, q2.id]
    db.session.commit()
    rows = {row.question_id: row for row in class_item_analysis(classroom)}
    assert rows[q2.id].stats.facility == 0.0
    assert rows[q1.id].stats.facility == 1.0


def test_a_facility_is_flagged_as_the_page_shows_it_never_against_its_thresholds():
    """The page shows facility as a whole percent, and flags above 90% and below 20%: a
    question shown at "90%" (181 right of 200) is not "very easy", nor "20%" (39 of 200)
    "very hard"; 91% and 19% are."""

    def facility_of(right: int, of: int = 200):
        return item_statistics([{1: 1.0 if n < right else 0.0} for n in range(of)])[1]

    assert (facility_of(181).shown_facility, facility_of(181).flags) == (90, ())
    assert (facility_of(39).shown_facility, facility_of(39).flags) == (20, ())
    assert facility_of(182).flags == ("very easy",)
    assert facility_of(37).flags == ("very hard",)


def test_the_class_page_shows_each_question_as_its_students_were_asked_it(app, teacher):
    # Probe: a GIFT teacher read "Park founded {{blank}} to help" in the item analysis, a
    # marker they never typed, where their students had read "Park founded _____ to help".
    bank = factories.make_bank()
    cloze = factories.make_question(
        factories.make_fact(bank), kind="cloze", prompt="Park founded {{blank}} to help."
    )
    claim = factories.make_question(
        factories.make_fact(bank), kind="true_false", prompt="Hanawon is a school.", answer="true"
    )
    student = factories.make_user()
    classroom = factories.make_classroom(teacher, students=[student], banks=[bank])
    factories.make_attempt(student, bank, {cloze: True, claim: False})
    client = logged_in_client(app, teacher.email)

    page = client.get(f"/progress/class/{classroom.id}").get_data(as_text=True)

    analysis = page[page.index('id="items-heading"') :]
    assert "{{blank}}" not in analysis
    assert (
        'Park founded <span class="blank" aria-hidden="true">_____</span>'
        '<span class="visually-hidden">(blank)</span> to help.' in analysis
    )
    assert "True or false: Hanawon is a school." in analysis
