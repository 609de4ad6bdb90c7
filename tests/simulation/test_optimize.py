"""Per-learner FSRS weights: fitted by ``flask scheduler optimize`` from a learner's own
answers, then used for that learner's answers; everyone else keeps the defaults."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from quizapp.extensions import db
from quizapp.models import MemoryState, Review
from quizapp.scheduling import DEFAULT_PARAMETERS, Rating, apply_review, new_memory_state
from quizapp.study.answers import Submission, submit_answer
from quizapp.study.issued_items import current_study_item
from quizapp.study.queue import bank_scope
from tests.support.factories import make_user
from tests.support.study_fixtures import NOON, make_study_bank

REVIEW_DAYS = (0, 1, 3, 7, 14, 30, 45, 60, 90, 120)


def give_history(user, facts: int) -> int:
    """``facts`` facts each answered on REVIEW_DAYS, forgotten now and then (seeded)."""
    bank = make_study_bank(facts=facts, kinds=("true_false",))
    luck = random.Random(4)
    rows = [
        {
            "user_id": user.id,
            "question_id": fact.questions[0].id,
            "fact_id": fact.id,
            "mode": "study",
            "rating": 1 if day and luck.random() < 0.25 else 3,
            "correct": True,
            "reviewed_at": NOON - timedelta(days=200 - day, minutes=fact.id),
        }
        for fact in bank.facts
        for day in REVIEW_DAYS
    ]
    db.session.execute(insert(Review), rows)
    db.session.commit()
    return len(rows)


def test_a_learner_with_few_answers_keeps_the_default_weights(app, student):
    give_history(student, facts=3)
    result = app.test_cli_runner().invoke(args=["scheduler", "optimize"])
    assert result.exit_code == 0, result.output
    assert "0 learners fitted" in result.output
    db.session.refresh(student)
    assert student.scheduler_parameters is None


def test_optimize_fits_weights_to_a_learner_with_enough_answers(app, student):
    pytest.importorskip("torch", reason="the optimizer extra is not installed")
    other = make_user()
    answers = give_history(student, facts=60)
    result = app.test_cli_runner().invoke(args=["scheduler", "optimize"])
    assert result.exit_code == 0, result.output
    assert f"{student.email}: {answers} reviews, fitted" in result.output
    db.session.refresh(student)
    db.session.refresh(other)
    weights = student.scheduler_parameters
    assert len(weights) == len(DEFAULT_PARAMETERS) and weights != list(DEFAULT_PARAMETERS)
    assert other.scheduler_parameters is None
    # A second run has nothing new to fit.
    again = app.test_cli_runner().invoke(args=["scheduler", "optimize"])
    assert "0 learners fitted, 0 kept the defaults" in again.output


def test_a_learners_answers_are_scheduled_with_their_own_weights(app, student):
    slow_to_forget = list(DEFAULT_PARAMETERS)
    # Stability after a first Good answer, in days: a first right answer rates Good.
    slow_to_forget[2] = 15.0
    student.scheduler_parameters = slow_to_forget
    db.session.commit()
    bank = make_study_bank(facts=1, kinds=("true_false",))
    item = current_study_item(student, bank_scope(student, bank), NOON)
    right = Submission(choice=item.choice_order.index(item.question.answer))
    submit_answer(student, item.token, right, NOON)
    state = db.session.scalar(select(MemoryState))
    assert state.stability == pytest.approx(15.0)

    default = new_memory_state(student.id, item.fact_id, NOON)
    apply_review(default, Rating.GOOD, NOON)
    assert default.stability == pytest.approx(DEFAULT_PARAMETERS[2])
