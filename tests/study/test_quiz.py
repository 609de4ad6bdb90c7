"""Quizzes: a fixed, scored set of auto-graded questions, resumable until finished."""

from __future__ import annotations

import html
import re
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.grading import AUTO_GRADED_KINDS
from quizapp.models import (
    Assignment,
    Classroom,
    Enrollment,
    IssuedItem,
    MemoryState,
    Question,
    QuizAttempt,
    Review,
)
from quizapp.scheduling import Rating
from quizapp.study.answers import AnswerRefused, Submission, submit_answer
from quizapp.study.quizzes import quiz_progress, start_or_resume_quiz
from quizapp.timeutil import as_utc
from tests.support.factories import make_attempt, make_classroom, make_user
from tests.support.study_fixtures import NOON, make_study_bank

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def start(client, bank, **fields):
    return client.post("/quiz/start", data={"bank_id": str(bank.id), **fields})


def only_attempt() -> QuizAttempt:
    db.session.expire_all()
    return db.session.scalars(select(QuizAttempt)).one()


def without_render_time(response) -> str:
    """The page minus what rightly changes on every load: render time, CSRF signature."""
    page = response.get_data(as_text=True)
    # Whole tags, whatever their attribute order: the token's signature has a timestamp.
    return re.sub(r'<(input|meta)[^>]*"(shown_at|csrf_token|csrf-token)"[^>]*>', "", page)


def answer_current(client, attempt_id: int, right: bool) -> None:
    """Answer the quiz's current question through the page, rightly or wrongly."""
    page = client.get(f"/quiz/{attempt_id}").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    item = db.session.scalar(select(IssuedItem).where(IssuedItem.token == token))
    question = item.question
    if item.choice_order:
        wanted = next(o for o in item.choice_order if (o == question.answer) == right)
        data = {"choice": str(item.choice_order.index(wanted))}
    else:
        data = {"response": question.answer if right else "no idea"}
    response = client.post("/study/answer", data={"token": token, **data})
    assert response.status_code == 303


def test_a_quiz_draws_one_auto_graded_question_per_fact(app, student_client):
    bank = make_study_bank(facts=4)
    response = start(student_client, bank)
    attempt = only_attempt()
    assert response.headers["Location"].endswith(f"/quiz/{attempt.id}")
    questions = db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids)))
    facts = set()
    for question in questions:
        assert question.kind in AUTO_GRADED_KINDS
        facts.add(question.fact_id)
    assert len(facts) == len(attempt.question_ids) == 4
    assert attempt.max_score == 4


def test_a_quiz_has_ten_questions_unless_asked_for_another_size(app, student_client):
    bank = make_study_bank(facts=12, kinds=("typed",))
    start(student_client, bank)
    assert len(only_attempt().question_ids) == 10
    db.session.execute(QuizAttempt.__table__.update().values(finished_at=NOON))
    db.session.commit()
    start(student_client, bank, size="3")
    latest = db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id.desc())).first()
    assert len(latest.question_ids) == 3


def test_a_bank_of_flashcards_only_cannot_be_quizzed(app, student_client):
    bank = make_study_bank(facts=2, kinds=("flashcard",))
    response = start(student_client, bank)
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0
    page = student_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "no questions the app can mark" in page


def test_a_finished_quiz_is_scored_and_lists_every_answer(app, student_client, student):
    bank = make_study_bank(facts=3, kinds=("typed",))
    start(student_client, bank)
    attempt_id = only_attempt().id
    for right in (True, False, True):
        answer_current(student_client, attempt_id, right)

    attempt = only_attempt()
    assert attempt.finished_at is not None
    assert (attempt.score, attempt.max_score) == (2, 3)
    results = student_client.get(f"/quiz/{attempt_id}")
    assert results.headers["Location"].endswith(f"/quiz/{attempt_id}/results")
    page = student_client.get(f"/quiz/{attempt_id}/results").get_data(as_text=True)
    assert "2 / 3" in page
    assert "no idea" in page  # the answer given
    assert "34,000" in page  # the right answer
    for question_id in attempt.question_ids:
        question = db.session.get(Question, question_id)
        assert question.prompt.replace("{{blank}}", "_____") in page


def test_each_quiz_question_has_its_own_page_title(app, student_client):
    # Probe: every question page had one title, so a screen reader, which reads the new
    # page's title, gave no sign that an answer was taken and the next question shown.
    bank = make_study_bank(facts=3, kinds=("typed",), title="Week 3")
    start(student_client, bank)
    attempt_id = only_attempt().id
    titles = []
    for _ in range(2):
        page = student_client.get(f"/quiz/{attempt_id}").get_data(as_text=True)
        titles.append(re.search(r"<title>([^<]*)</title>", page).group(1))
        answer_current(student_client, attempt_id, True)
    assert titles[0].startswith("Question 1 of 3 — Quiz: Week 3")
    assert titles[1].startswith("Question 2 of 3 — Quiz: Week 3")


def test_quiz_answers_count_as_reviews_for_the_scheduler(app, student_client, student):
    bank = make_study_bank(facts=2)
    start(student_client, bank)
    attempt_id = only_attempt().id
    answer_current(student_client, attempt_id, right=True)
    review = db.session.scalar(select(Review))
    assert (review.mode, review.attempt_id, review.correct) == ("quiz", attempt_id, True)
    assert db.session.scalar(select(func.count(MemoryState.id))) == 1


def test_a_right_quiz_answer_on_a_fact_never_taught_counts_as_a_guess(app, student_client):
    """A quiz asks without teaching first: a right answer on a fact never met may be a
    lucky guess, so it rates Hard and the fact comes back the same day, not in days."""
    bank = make_study_bank(facts=2)
    start(student_client, bank)
    answer_current(student_client, only_attempt().id, right=True)
    review = db.session.scalar(select(Review))
    state = db.session.scalar(select(MemoryState))
    assert (review.correct, review.rating) == (True, int(Rating.HARD))
    assert as_utc(state.due) - as_utc(review.reviewed_at) < timedelta(hours=1)


def test_a_right_quiz_answer_on_a_fact_met_before_rates_good(app, student_client, student):
    bank = make_study_bank(facts=1)
    for _ in range(2):
        start(student_client, bank)
        latest_attempt = db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.id.desc()))
        answer_current(student_client, latest_attempt.first().id, right=True)
    latest = db.session.scalars(select(Review).order_by(Review.id.desc())).first()
    assert latest.rating == int(Rating.GOOD)


def test_an_unfinished_quiz_is_resumed_where_it_was_left(app, student_client):
    bank = make_study_bank(facts=3)
    start(student_client, bank)
    attempt_id = only_attempt().id
    first_page = without_render_time(student_client.get(f"/quiz/{attempt_id}"))
    assert "Question 1 of 3" in first_page
    assert without_render_time(student_client.get(f"/quiz/{attempt_id}")) == first_page
    answer_current(student_client, attempt_id, right=True)

    again = start(student_client, bank)
    assert again.headers["Location"].endswith(f"/quiz/{attempt_id}")
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1
    assert "Question 2 of 3" in student_client.get(f"/quiz/{attempt_id}").get_data(as_text=True)


def test_a_finished_quiz_cannot_be_changed(app, student):
    bank = make_study_bank(facts=2)
    attempt, _ = start_or_resume_quiz(student, bank, None, None, NOON)
    first = quiz_progress(attempt).item
    submit_answer(student, first.token, Submission(choice=0, response="x"), NOON)
    last = quiz_progress(attempt).item
    submit_answer(student, last.token, Submission(choice=0, response="x"), NOON)
    db.session.refresh(attempt)
    score = attempt.score
    assert attempt.finished_at is not None

    # Resending an answer changes nothing; forcing a new one onto it is refused.
    _review, first_time = submit_answer(
        student, last.token, Submission(choice=1, response="y"), NOON
    )
    assert not first_time
    last.used_at = None
    db.session.commit()
    with pytest.raises(AnswerRefused):
        submit_answer(student, last.token, Submission(choice=1, response="y"), NOON)
    db.session.refresh(attempt)
    assert attempt.score == score
    assert db.session.scalar(select(func.count(Review.id))) == 2

    again, resumed = start_or_resume_quiz(student, bank, None, None, NOON + timedelta(hours=1))
    assert not resumed and again.id != attempt.id


def test_a_learner_cannot_see_or_answer_another_learners_quiz(app, student_client):
    bank = make_study_bank(facts=2)
    other = make_user(name="Other learner")
    attempt, _ = start_or_resume_quiz(other, bank, None, None, NOON)
    token = quiz_progress(attempt).item.token
    assert student_client.get(f"/quiz/{attempt.id}").status_code == 404
    assert student_client.get(f"/quiz/{attempt.id}/results").status_code == 404
    response = student_client.post("/study/answer", data={"token": token, "choice": "0"})
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Review.id))) == 0


def test_a_quiz_on_a_bank_the_learner_cannot_see_is_not_found(app, student_client):
    hidden = make_study_bank(facts=1, owner=make_user(role="teacher"))
    assert start(student_client, hidden).status_code == 404
    assert student_client.post("/quiz/start", data={"bank_id": "999999"}).status_code == 404
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def _assignment(teacher, bank, student=None, quiz_size=None) -> Assignment:
    classroom = Classroom(name="7B", teacher_id=teacher.id, join_code=secrets.token_hex(8))
    db.session.add(classroom)
    db.session.flush()
    if student is not None:
        db.session.add(Enrollment(classroom_id=classroom.id, student_id=student.id))
    assignment = Assignment(
        classroom_id=classroom.id, bank_id=bank.id, as_quiz=True, quiz_size=quiz_size
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment


def test_a_class_quiz_set_without_a_size_asks_every_question_of_the_bank(
    app, student_client, student
):
    # Probe: the assign form says "Leave empty for every question of the bank", and the
    # students got a quiz of 10 questions.
    teacher = make_user(role="teacher")
    bank = make_study_bank(facts=12, owner=teacher)
    assignment = _assignment(teacher, bank, student=student, quiz_size=None)
    start(student_client, bank, assignment_id=str(assignment.id))
    assert len(only_attempt().question_ids) == 12


def test_an_assignment_starts_a_quiz_for_students_of_its_class_only(app, student_client, student):
    teacher = make_user(role="teacher")
    bank = make_study_bank(facts=5, owner=teacher)
    mine = _assignment(teacher, bank, student=student, quiz_size=2)
    response = start(student_client, bank, assignment_id=str(mine.id))
    attempt = only_attempt()
    assert response.headers["Location"].endswith(f"/quiz/{attempt.id}")
    assert attempt.assignment_id == mine.id
    assert len(attempt.question_ids) == 2

    not_my_class = _assignment(teacher, bank)
    other_bank = make_study_bank(facts=1)
    for forged in ((bank, not_my_class.id), (other_bank, mine.id)):
        refused = start(student_client, forged[0], assignment_id=str(forged[1]))
        assert refused.headers["Location"].endswith("/quiz/")
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_starting_an_assignment_taken_off_the_class_says_so_and_starts_nothing(
    app, student_client, student
):
    """The student's page still shows the quiz the teacher has just removed: its start
    button says why nothing starts, instead of a bare 404 (the bank was shared only by
    the assignment)."""
    teacher = make_user(role="teacher")
    bank = make_study_bank(facts=3, owner=teacher)
    assignment = _assignment(teacher, bank, student=student)
    assignment_id = assignment.id
    db.session.delete(assignment)
    db.session.commit()
    response = start(student_client, bank, assignment_id=str(assignment_id))
    assert response.status_code == 303
    page = html.unescape(student_client.get(response.headers["Location"]).get_data(as_text=True))
    assert "That quiz is no longer assigned to your class, so it cannot be started." in page
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_starting_a_quiz_of_an_archived_class_says_so_and_starts_nothing(
    app, student_client, student
):
    """A home page opened before the teacher archived the class still shows its quiz: the
    term is over, and a new attempt would change the archived class's results (and its
    LMS gradebook). The student is told why; their scores from it are kept."""
    teacher = make_user(role="teacher")
    bank = make_study_bank(facts=3, owner=teacher)
    assignment = _assignment(teacher, bank, student=student)
    classroom = db.session.get(Classroom, assignment.classroom_id)
    classroom.name = "Civics 2025"
    classroom.archived_at = NOON
    db.session.commit()
    response = start(student_client, bank, assignment_id=str(assignment.id))
    assert response.status_code == 303
    page = html.unescape(student_client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Civics 2025 is archived, so its quizzes can no longer be started." in page
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_a_malformed_start_form_is_refused_with_a_message(app, student_client):
    response = student_client.post("/quiz/start", data={"bank_id": "abc"})
    assert response.status_code == 302
    page = student_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "could not be started" in page
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_quiz_results_call_only_a_misspelt_answer_almost(app, student_client, student):
    """A right answer on a fact never taught rates Hard, as a one-letter slip does; only
    the slip reads "Almost: mind the spelling" on the results, never an exact answer."""
    bank = make_study_bank(facts=2, kinds=("cloze",))
    start(student_client, bank)
    attempt_id = only_attempt().id
    for response in ("Unification", "Unificaton"):
        page = student_client.get(f"/quiz/{attempt_id}").get_data(as_text=True)
        token = TOKEN.search(page).group(1)
        student_client.post("/study/answer", data={"token": token, "response": response})

    page = student_client.get(f"/quiz/{attempt_id}/results").get_data(as_text=True)
    verdicts = re.findall(r'<p class="(?:good|warn|bad)"><strong>([^<]+)</strong></p>', page)
    assert sorted(verdicts) == ["Almost: mind the spelling", "Right"]


def test_a_study_assignment_cannot_be_started_as_a_class_quiz(app, student_client, student):
    """A forged start naming a study assignment's id: the attempt would count as the
    class's quiz (its roster average, its attempts export). It is refused, nothing made."""
    teacher = make_user(role="teacher", email="study-only@example.org")
    bank = make_study_bank(facts=3, kinds=("true_false",), owner=teacher)
    study = make_classroom(teacher, students=[student], banks=[bank]).assignments[0]
    form = {"bank_id": str(bank.id), "assignment_id": str(study.id)}
    page = student_client.post("/quiz/start", data=form, follow_redirects=True)
    assert "no longer assigned" in html.unescape(page.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0


def test_a_student_removed_mid_quiz_finishes_it_as_their_own_practice(app, student_client, student):
    """Taken off the class halfway through its quiz: the quiz page says it no longer
    counts for the class, every answer they give is still recorded (nothing typed is
    lost), and the finished attempt is their own practice: not the class's, not sent to
    an LMS gradebook, not among the quiz's attempts the teacher is told about."""
    from quizapp.teach.classes import quiz_attempts_from, remove_student

    teacher = make_user(role="teacher")
    bank = make_study_bank(facts=3, kinds=("typed",), owner=teacher)
    assignment = _assignment(teacher, bank, student=student, quiz_size=3)
    start(student_client, bank, assignment_id=str(assignment.id))
    attempt_id = only_attempt().id
    answer_current(student_client, attempt_id, right=True)
    assert remove_student(assignment.classroom, student.id)

    page = html.unescape(student_client.get(f"/quiz/{attempt_id}").get_data(as_text=True))
    assert "You are no longer in 7B" in page
    assert "your own practice" in page
    answer_current(student_client, attempt_id, right=True)
    told = html.unescape(student_client.get(f"/quiz/{attempt_id}").get_data(as_text=True))
    assert "now counts as your own practice" in told
    answer_current(student_client, attempt_id, right=False)

    attempt = only_attempt()
    assert attempt.finished_at is not None and attempt.score == 2
    assert attempt.assignment_id is None
    assert db.session.scalar(select(func.count(Review.id))) == 3
    assert quiz_attempts_from(db.session.get(Assignment, assignment.id)) == 0


def test_two_quizzes_started_in_the_same_minute_have_links_of_their_own_names(
    app, student_client, student
):
    """A screen reader's list of links tells each quiz's results apart, even two on the
    same bank, started a few seconds apart, with the same score."""
    bank = make_study_bank(facts=2)
    first = make_attempt(student, bank, started_at=NOON, score=1.0, max_score=2.0)
    second = make_attempt(
        student, bank, started_at=NOON + timedelta(seconds=20), score=1.0, max_score=2.0
    )
    page = student_client.get("/quiz/").get_data(as_text=True)
    names = {}
    for attempt in (first, second):
        link = re.search(rf'<a href="/quiz/{attempt.id}/results">(.*?)</a>', page, re.DOTALL)
        assert link is not None
        names[attempt.id] = " ".join(re.sub(r"<[^>]+>", "", html.unescape(link[1])).split())
    assert names[first.id] != names[second.id], names


def test_a_quiz_answer_sent_again_from_another_tab_is_told_it_did_not_count(app, student_client):
    """Two tabs on one quiz: the second tab's answer to a question already answered is
    not recorded, and its page says so (as a study card does), never silently."""
    bank = make_study_bank(facts=3, kinds=("multiple_choice",))
    start(student_client, bank)
    attempt_id = only_attempt().id
    page = student_client.get(f"/quiz/{attempt_id}").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    item = db.session.scalar(select(IssuedItem).where(IssuedItem.token == token))
    right = item.choice_order.index(item.question.answer)
    first = student_client.post("/study/answer", data={"token": token, "choice": str(right)})
    assert first.status_code == 303
    second = student_client.post("/study/answer", data={"token": token, "choice": str(1 - right)})
    assert second.status_code == 303
    shown = html.unescape(student_client.get(second.headers["Location"]).get_data(as_text=True))
    assert "already answered" in shown and "not recorded" in shown
    assert db.session.scalar(select(func.count(Review.id))) == 1
    # The same answer sent twice (a double click) is no news: no notice.
    third = student_client.post("/study/answer", data={"token": token, "choice": str(right)})
    again = html.unescape(student_client.get(third.headers["Location"]).get_data(as_text=True))
    assert "not recorded" not in again
