"""A learner picks a quiz's bank and length; the results lead with the score, then the misses."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import QuizAttempt
from quizapp.study.quizzes import MAX_QUIZ_SIZE, quiz_lengths
from tests.study.test_quiz import answer_current, only_attempt, start
from tests.support.factories import make_assignment, make_attempt, make_classroom, make_user
from tests.support.study_fixtures import make_study_bank

SIZE_RADIO = re.compile(
    r'<input type="radio" name="size" value="(\d+)"( checked)?> ([^<]+)</label>'
)


def offered_lengths(page: str, bank_title: str) -> list[tuple[str, bool]]:
    """(label, checked) of the length chips in the card of ``bank_title``."""
    card = page.split(f">{bank_title}</h2>", 1)[1].split("</section>", 1)[0]
    return [(label.strip(), bool(checked)) for _value, checked, label in SIZE_RADIO.findall(card)]


def test_the_quizzes_page_offers_5_10_20_or_all_of_a_banks_facts(app, student_client):
    make_study_bank(facts=24, title="Big bank", slug="big-bank")
    make_study_bank(facts=7, title="Middle bank", slug="middle-bank")
    make_study_bank(facts=3, title="Small bank", slug="small-bank")
    make_study_bank(facts=2, kinds=("flashcard",), title="Cards only", slug="cards-only")
    page = student_client.get("/quiz/").get_data(as_text=True)

    assert offered_lengths(page, "Big bank") == [
        ("5", False),
        ("10", True),
        ("20", False),
        ("All 24", False),
    ]
    assert offered_lengths(page, "Middle bank") == [("5", False), ("All 7", True)]
    assert offered_lengths(page, "Small bank") == [("All 3", True)]
    assert offered_lengths(page, "Cards only") == []
    assert "nothing a quiz can mark yet" in page


def test_a_chosen_length_sets_the_number_of_questions(app, student_client):
    bank = make_study_bank(facts=24, kinds=("typed",))
    start(student_client, bank, size="5")
    assert len(only_attempt().question_ids) == 5
    db.session.execute(QuizAttempt.__table__.update().values(finished_at=db.func.now()))
    db.session.commit()

    start(student_client, bank, size="24")  # "All 24"
    latest = db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id.desc())).first()
    assert len(latest.question_ids) == 24


def test_a_length_over_the_limit_is_refused_and_starts_nothing(app, student_client):
    bank = make_study_bank(facts=3)
    response = start(student_client, bank, size=str(MAX_QUIZ_SIZE + 1))
    page = student_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "could not be started" in page
    assert db.session.scalars(select(QuizAttempt)).first() is None


def test_all_of_a_huge_bank_is_capped_at_the_largest_quiz():
    assert [length.label for length in quiz_lengths(1000)] == [
        "5",
        "10",
        "20",
        f"All {MAX_QUIZ_SIZE}",
    ]
    assert quiz_lengths(0) == []
    assert [length.default for length in quiz_lengths(30, preferred=20)] == [
        False,
        False,
        True,
        False,
    ]


def test_results_lead_with_the_score_then_the_wrong_answers_then_the_right_ones_folded(
    app, student_client
):
    bank = make_study_bank(facts=4, kinds=("typed",))
    start(student_client, bank, size="4")
    attempt_id = only_attempt().id
    for right in (True, False, True, True):
        answer_current(student_client, attempt_id, right)
    page = student_client.get(f"/quiz/{attempt_id}/results").get_data(as_text=True)

    score = page.index('<span class="score-value">3 / 4</span>')
    percent = page.index("75% right")
    missed = page.index("To go over: 1 missed")
    wrong_answer = page.index("no idea")
    folded = page.index("<summary>Answered right: 3</summary>")
    assert score < percent < missed < wrong_answer < folded
    assert page.index("<details", missed) < folded  # the right ones are folded
    wrong_part = page[missed:folded]
    assert "Right answer" in wrong_part and "34,000" in wrong_part
    assert "Roughly that many." in wrong_part  # the explanation of the missed question
    assert page.count("Roughly that many.") == 1  # not repeated under the right ones


def test_a_perfect_quiz_says_so_and_shows_the_answers_open(app, student_client):
    bank = make_study_bank(facts=2, kinds=("typed",))
    start(student_client, bank)
    attempt_id = only_attempt().id
    for _ in range(2):
        answer_current(student_client, attempt_id, right=True)
    page = student_client.get(f"/quiz/{attempt_id}/results").get_data(as_text=True)
    assert "100% right" in page and "Every answer right" in page
    assert '<details class="results-folded" open>' in page


def test_recent_quizzes_show_when_they_started_on_the_learners_clock(app, student, student_client):
    """05:00 UTC on 2 March is 18:00 on 1 March in Pago Pago: the learner's own date,
    as their progress page shows it, not tomorrow's."""
    student.time_zone = "Pacific/Pago_Pago"
    db.session.commit()
    bank = make_study_bank(facts=3, title="Small bank")
    make_attempt(student, bank, started_at=datetime(2026, 3, 2, 5, 0, tzinfo=UTC))

    page = student_client.get("/quiz/").get_data(as_text=True)
    recent = page.split("Your recent quizzes", 1)[1]
    assert re.search(r"2026-03-01</span> 18:00 SST", recent)
    assert "2026-03-02" not in re.sub(r"<[^>]+>", "", recent)  # as read, tags aside


def rows_read(table: str) -> list[str]:
    """A table's body rows as read, tags aside."""
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("</tr>")[:-1]]


def test_recent_quizzes_tell_a_class_quiz_from_practice(app, student, student_client):
    """Probe: a quiz the class set and one taken for practice read alike in the list."""
    bank = make_study_bank(facts=3, title="Small bank")
    classroom = make_classroom(make_user(role="teacher"), "7B <History>", students=[student])
    assignment = make_assignment(classroom, bank, as_quiz=True)
    make_attempt(student, bank, started_at=datetime(2026, 3, 2, 5, 0, tzinfo=UTC))
    make_attempt(
        student,
        bank,
        started_at=datetime(2026, 3, 3, 5, 0, tzinfo=UTC),
        assignment_id=assignment.id,
    )
    page = student_client.get("/quiz/").get_data(as_text=True)
    rows = rows_read(page.split("Your recent quizzes", 1)[1])
    assert "Class quiz, 7B &lt;History&gt;" in rows[0] and "Practice" not in rows[0]
    assert "Practice" in rows[1] and "Class quiz" not in rows[1]
