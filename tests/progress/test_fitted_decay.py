"""Predicted recall uses each learner's own forgetting curve: a learner whose FSRS
weights were fitted (``flask scheduler optimize``) forgets at their own decay, and the
scheduler plans their reviews with it, so the pages that predict their recall must too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fsrs import Card, Scheduler, State

from quizapp.extensions import db
from quizapp.progress.classroom import roster
from quizapp.progress.learner import mastery_by_topic, stages
from quizapp.progress.scope import learner_scope
from quizapp.scheduling import DEFAULT_PARAMETERS
from tests.support import factories
from tests.support.progress_fixtures import NOW

# A learner who forgets fast at first and slowly later (decay 0.5; the default is ~0.15).
FITTED = (*DEFAULT_PARAMETERS[:20], 0.5)
STABILITY, DAYS = 5.0, 20


def fsrs_recall(parameters) -> float:
    """fsrs's own retrievability, with these weights, of the state every test makes."""
    card = Card(
        state=State.Review,
        stability=STABILITY,
        last_review=NOW - timedelta(days=DAYS),
        due=NOW,
    )
    return float(Scheduler(parameters=parameters).get_card_retrievability(card, NOW))


def fitted_learner_with_one_old_fact(bank):
    learner = factories.make_user(name="Fitted")
    learner.scheduler_parameters = list(FITTED)
    db.session.commit()
    fact = factories.make_fact(bank, topic="Arrival")
    factories.make_question(fact)
    factories.make_memory_state(
        learner, fact, stability=STABILITY, last_review=NOW - timedelta(days=DAYS)
    )
    return learner


def test_the_two_curves_differ_enough_to_tell_apart():
    assert abs(fsrs_recall(FITTED) - fsrs_recall(DEFAULT_PARAMETERS)) > 0.05


def test_a_fitted_learners_progress_page_predicts_with_their_own_decay(app):
    learner = fitted_learner_with_one_old_fact(factories.make_bank(title="Resettlement"))
    scope = learner_scope(learner)
    predicted = stages(scope, NOW).memory.predicted_recall
    assert predicted == pytest.approx(fsrs_recall(FITTED), abs=1e-6)
    (arrival,) = mastery_by_topic(scope, NOW)
    assert arrival.mastery == pytest.approx(fsrs_recall(FITTED), abs=1e-6)


def test_the_class_roster_predicts_each_student_with_their_own_decay(app, teacher):
    bank = factories.make_bank(title="Class bank")
    fitted = fitted_learner_with_one_old_fact(bank)
    plain = factories.make_user(name="Plain")
    factories.make_memory_state(
        plain, bank.facts[0], stability=STABILITY, last_review=NOW - timedelta(days=DAYS)
    )
    classroom = factories.make_classroom(teacher, "Year 9", students=[fitted, plain], banks=[bank])
    rows = {row.name: row for row in roster(classroom, NOW)}
    assert rows["Fitted"].predicted_recall == pytest.approx(fsrs_recall(FITTED), abs=1e-6)
    assert rows["Plain"].predicted_recall == pytest.approx(
        fsrs_recall(DEFAULT_PARAMETERS), abs=1e-6
    )
