"""``flask demo seed``: each simulated answer is stored as a real one of its kind would be,
so a learner's history and a teacher's item analysis read like a class's own."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from quizapp.demo.seed import seed_demo
from quizapp.extensions import db
from quizapp.grading import judge_answer
from quizapp.models import Bank, Fact, Question, QuestionKind, Review
from quizapp.scheduling import Rating
from quizapp.study.issued_items import choice_order_for
from tests.support.content_fixtures import run_content


def _shipped_bank(app: Any) -> Bank:
    assert run_content(app, "load").exit_code == 0
    bank = db.session.scalar(select(Bank).where(Bank.slug == "defectors-day"))
    assert bank is not None
    return bank


def _answers(mode: str) -> list[tuple[Review, Question]]:
    rows = db.session.execute(
        select(Review, Question)
        .join(Question, Question.id == Review.question_id)
        .where(Review.mode == mode)
    )
    return [(review, question) for review, question in rows]


def _recorded_as_a_real_answer(review: Review, question: Question) -> bool:
    """What the study page would have stored for this answer: a flashcard's own grade,
    an option the card showed, or typed text the grader marks as the review says."""
    if question.kind == QuestionKind.FLASHCARD:
        return review.response == Rating(review.rating).name.title()
    shows_options = question.kind in (QuestionKind.MULTIPLE_CHOICE, QuestionKind.TRUE_FALSE)
    if shows_options and review.response not in choice_order_for(question):
        return False
    return judge_answer(question, review.response).outcome.counts_as_correct == review.correct


def test_study_answers_ask_each_fact_in_the_forms_the_bank_has(app):
    bank = _shipped_bank(app)
    seed_demo(students=8, days=30)
    in_bank = Counter(
        db.session.scalars(
            select(Question.kind)
            .join(Fact, Fact.id == Question.fact_id)
            .where(Fact.bank_id == bank.id, Fact.active.is_(True), Question.active.is_(True))
        )
    )
    answers = _answers("study")
    asked = Counter(question.kind for _review, question in answers)
    assert set(asked) == set(in_bank)
    for kind, number in in_bank.items():
        share_in_bank = number / sum(in_bank.values())
        assert abs(asked[kind] / len(answers) - share_in_bank) < 0.05, (kind, asked, in_bank)
    assert all(_recorded_as_a_real_answer(review, question) for review, question in answers)


def test_a_typed_study_answer_reads_as_typed_right_wrong_or_left_blank(app):
    _shipped_bank(app)
    seed_demo(students=8, days=30)
    typed = [
        (review, question)
        for review, question in _answers("study")
        if question.kind in (QuestionKind.TYPED, QuestionKind.CLOZE)
    ]
    assert all(review.response == question.answer for review, question in typed if review.correct)
    wrong = [review.response for review, _question in typed if not review.correct]
    assert "" in wrong and any(wrong), "some wrong answers left blank, some a wrong guess"


def test_the_generated_bank_is_studied_as_multiple_choice_and_typed(app):
    seed_demo(students=6, days=20, facts=12, class_size=6)
    answers = _answers("study")
    kinds = Counter(question.kind for _review, question in answers)
    assert set(kinds) == {QuestionKind.MULTIPLE_CHOICE, QuestionKind.TYPED}
    assert all(_recorded_as_a_real_answer(review, question) for review, question in answers)


def test_quiz_answers_are_the_option_the_student_picked(app):
    _shipped_bank(app)
    # Late in the day, so that this week's quizzes have been taken at any hour of a run.
    seed_demo(students=8, days=30, now=datetime(2026, 11, 25, 23, 30, tzinfo=UTC))
    answers = _answers("quiz")
    assert {review.correct for review, _question in answers} == {True, False}
    assert all(_recorded_as_a_real_answer(review, question) for review, question in answers)


def _earlier_answers(answers: list[tuple[Review, Question]]) -> dict[int, int]:
    """How many answers each one's learner had given to its fact before it (review id)."""
    seen: Counter[tuple[int, int]] = Counter()
    earlier = {}
    for review, _question in sorted(answers, key=lambda pair: pair[0].reviewed_at):
        earlier[review.id] = seen[review.user_id, review.fact_id]
        seen[review.user_id, review.fact_id] += 1
    return earlier


def test_flashcards_are_graded_with_all_four_grades_where_the_memory_makes_each_likely(app):
    """A learner grading their own card says Easy for what they know cold and Hard for
    what they barely recalled, not only Good or Again: the dashboards show all four."""
    _shipped_bank(app)
    seed_demo(students=8, days=30)
    answers = _answers("study")
    cards = [(review, question) for review, question in answers if question.kind == "flashcard"]
    grades = Counter(Rating(review.rating) for review, _question in cards)
    assert set(grades) == set(Rating), grades
    assert grades[Rating.GOOD] > grades[Rating.EASY] and grades[Rating.GOOD] > grades[Rating.HARD]
    assert all(_recorded_as_a_real_answer(review, question) for review, question in cards)
    assert all(review.correct == (review.rating != Rating.AGAIN) for review, _question in cards)
    earlier = _earlier_answers(answers)

    def practice(grade: Rating) -> float:
        graded = [earlier[review.id] for review, _question in cards if review.rating == grade]
        return sum(graded) / len(graded)

    assert practice(Rating.EASY) > practice(Rating.GOOD) > practice(Rating.HARD)
