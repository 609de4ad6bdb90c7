"""The form a fact is asked in climbs with stability, and stays put for the day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import Question
from quizapp.study.answers import Submission, submit_answer
from quizapp.study.items import current_study_item
from quizapp.study.ladder import choose_question
from quizapp.study.queue import bank_scope
from quizapp.study.quizzes import start_or_resume_quiz

from .study_fixtures import NOON, facts_of, give_memory, make_study_bank


def questions(*kinds: str) -> list[Question]:
    return [Question(id=i, kind=kind, active=True) for i, kind in enumerate(kinds)]


EVERY_FORM = questions("multiple_choice", "true_false", "cloze", "typed", "flashcard")


@pytest.mark.parametrize(
    ("stability", "kind"),
    [
        (None, "multiple_choice"),  # a new fact is recognised first
        (0.5, "multiple_choice"),
        (1.9, "multiple_choice"),
        (2.0, "cloze"),  # cued recall from two days of stability
        (6.9, "cloze"),
        (7.0, "typed"),  # free recall from a week
        (300.0, "typed"),
    ],
)
def test_the_form_is_chosen_by_stability(stability, kind):
    assert choose_question(EVERY_FORM, stability).kind == kind


def test_recognition_takes_turns_between_multiple_choice_and_true_false():
    kinds = [choose_question(EVERY_FORM, 1.0, rotation=turn).kind for turn in range(3)]
    assert kinds == ["multiple_choice", "true_false", "multiple_choice"]


def test_free_recall_is_a_flashcard_for_a_learner_who_prefers_self_grading():
    assert choose_question(EVERY_FORM, 30.0, prefers_self_grading=True).kind == "flashcard"
    assert choose_question(EVERY_FORM, 1.0, prefers_self_grading=True).kind == "multiple_choice"


def test_a_missing_form_falls_back_to_the_nearest_easier_one_then_harder():
    assert choose_question(questions("multiple_choice"), 30.0).kind == "multiple_choice"
    assert choose_question(questions("cloze", "typed"), None).kind == "cloze"
    assert choose_question(questions("flashcard"), 30.0).kind == "flashcard"


def test_retired_and_disallowed_questions_are_never_chosen():
    retired = questions("multiple_choice", "typed")
    retired[0].active = False
    assert choose_question(retired, None).kind == "typed"
    assert choose_question(questions("flashcard"), 30.0, allowed_kinds={"typed"}) is None


def test_two_forms_of_one_fact_never_come_up_on_the_same_day(app, student):
    bank = make_study_bank(facts=1)
    scope = bank_scope(student, bank)

    first = current_study_item(student, scope, NOON)
    assert first.question.kind == "multiple_choice"
    submit_answer(
        student,
        first.token,
        Submission(choice=first.choice_order.index(first.question.answer)),
        NOON,
    )

    # The fact comes back minutes later (a learning step) with a stability that would
    # now put it on the cloze step; the same day it is still asked the same way.
    again_today = current_study_item(student, scope, NOON + timedelta(minutes=15))
    assert again_today is not None
    assert again_today.question_id == first.question_id
    submit_answer(
        student,
        again_today.token,
        Submission(choice=again_today.choice_order.index(again_today.question.answer)),
        NOON + timedelta(minutes=15),
    )

    next_day = current_study_item(student, scope, NOON + timedelta(days=5))
    assert next_day.question.kind == "cloze"


def test_a_quiz_question_fixes_the_form_for_a_study_session_that_day(app, student):
    student.prefers_self_grading = True
    db.session.commit()
    bank = make_study_bank(facts=1)
    give_memory(student, facts_of(bank)[0], stability=30.0, due=NOON)

    attempt, _resumed = start_or_resume_quiz(student, bank, None, None, NOON)
    quiz_question = db.session.get(Question, attempt.question_ids[0])
    assert quiz_question.kind == "typed"  # quizzes are auto-graded: no flashcard

    scope = bank_scope(student, bank)
    later_today = current_study_item(student, scope, NOON + timedelta(hours=1))
    assert later_today.question_id == quiz_question.id
    tomorrow = current_study_item(student, scope, NOON + timedelta(days=1))
    assert tomorrow.question.kind == "flashcard"
