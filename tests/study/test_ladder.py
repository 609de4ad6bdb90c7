"""The form a fact is asked in climbs with stability, and stays put for the day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import IssuedItem, MemoryState, Question
from quizapp.study.answers import Submission, submit_answer
from quizapp.study.issued_items import current_study_item
from quizapp.study.ladder import (
    CUED_RECALL,
    FREE_RECALL,
    RECOGNITION,
    choose_question,
    step_after_answer,
    step_of_kind,
)
from quizapp.study.queue import bank_scope
from quizapp.study.quizzes import start_or_resume_quiz
from tests.support.factories import make_question
from tests.support.study_fixtures import NOON, facts_of, give_memory, make_study_bank


def questions(*kinds: str) -> list[Question]:
    return [Question(id=i, kind=kind, active=True) for i, kind in enumerate(kinds)]


EVERY_FORM = questions("multiple_choice", "true_false", "cloze", "typed", "flashcard")


@pytest.mark.parametrize(
    ("step", "kind"),
    [(RECOGNITION, "multiple_choice"), (CUED_RECALL, "cloze"), (FREE_RECALL, "typed")],
)
def test_the_form_is_the_ladder_steps(step, kind):
    assert choose_question(EVERY_FORM, step).kind == kind


@pytest.mark.parametrize(
    ("previous", "kind", "right", "stability", "after"),
    [
        (0, "multiple_choice", True, 1.0, 0),  # too fragile to climb yet
        (0, "multiple_choice", True, 3.0, 1),  # a right recognition earns cloze
        (0, "multiple_choice", True, 30.0, 1),  # ...but never more, even in a quiz
        (0, "true_false", True, 30.0, 1),
        (1, "cloze", True, 3.0, 1),  # stability below a week holds it at cloze
        (1, "cloze", True, 8.0, 2),  # a right cloze earns free recall
        (2, "multiple_choice", True, 30.0, 2),  # an easier right answer keeps its step
        (2, "typed", False, 1.0, 0),  # forgotten: back down with the stability
        (1, "cloze", False, 3.0, 1),  # a wrong answer keeps the form it failed in
    ],
)
def test_a_fact_climbs_one_step_only_after_a_right_answer_in_the_form_below(
    previous, kind, right, stability, after
):
    assert step_after_answer(previous, kind, right, stability) == after


def test_recognition_takes_turns_between_multiple_choice_and_true_false():
    kinds = [choose_question(EVERY_FORM, RECOGNITION, rotation=turn).kind for turn in range(3)]
    assert kinds == ["multiple_choice", "true_false", "multiple_choice"]


def test_free_recall_is_a_flashcard_for_a_learner_who_prefers_self_grading():
    assert choose_question(EVERY_FORM, FREE_RECALL, prefers_self_grading=True).kind == "flashcard"
    assert choose_question(EVERY_FORM, RECOGNITION, prefers_self_grading=True).kind == (
        "multiple_choice"
    )


def test_a_missing_form_falls_back_to_the_nearest_easier_one_then_harder():
    assert choose_question(questions("multiple_choice"), FREE_RECALL).kind == "multiple_choice"
    assert choose_question(questions("cloze", "typed"), RECOGNITION).kind == "cloze"
    assert choose_question(questions("flashcard"), FREE_RECALL).kind == "flashcard"


def test_retired_and_disallowed_questions_are_never_chosen():
    retired = questions("multiple_choice", "typed")
    retired[0].active = False
    assert choose_question(retired, RECOGNITION).kind == "typed"
    assert choose_question(questions("flashcard"), FREE_RECALL, allowed_kinds={"typed"}) is None


def answer_right(user, item, when):
    if item.choice_order:
        submission = Submission(choice=item.choice_order.index(item.question.answer))
    else:
        submission = Submission(response=item.question.answer, self_rating=3)
    submit_answer(user, item.token, submission, when)


def test_a_fact_keeps_its_ladder_step_for_the_rest_of_the_day(app, student):
    bank = make_study_bank(facts=1)
    scope = bank_scope(student, bank)

    first = current_study_item(student, scope, NOON)
    assert first.question.kind == "multiple_choice"
    answer_right(student, first, NOON)

    # Learning ahead brings it back minutes later. Though its memory is steady enough for
    # a cloze, it is still asked by recognition today: now the true/false turn.
    again_today = current_study_item(student, scope, NOON + timedelta(minutes=15), ahead=True)
    assert again_today is not None
    assert again_today.question.kind == "true_false"
    answer_right(student, again_today, NOON + timedelta(minutes=15))


def test_a_quiz_question_fixes_the_step_for_a_study_session_that_day(app, student):
    bank = make_study_bank(facts=1)
    give_memory(student, facts_of(bank)[0], stability=30.0, due=NOON)

    attempt, _resumed = start_or_resume_quiz(student, bank, None, None, NOON)
    quiz_question = db.session.get(Question, attempt.question_ids[0])
    assert quiz_question.kind == "typed"

    scope = bank_scope(student, bank)
    later_today = current_study_item(student, scope, NOON + timedelta(hours=1))
    assert later_today.question.kind == "typed"
    student.prefers_self_grading = True
    db.session.commit()
    tomorrow = current_study_item(student, scope, NOON + timedelta(days=1))
    assert tomorrow.question.kind == "flashcard"


def test_a_learner_who_answers_everything_right_meets_every_form_in_order(app, student):
    """Recognition, then cloze, then typed: each step only after a right answer in the one
    below, and only once the fact is steady enough for it."""
    bank = make_study_bank(facts=1, kinds=("multiple_choice", "true_false", "cloze", "typed"))
    fact = facts_of(bank)[0]
    make_question(
        fact, kind="true_false", key="true_false_2", position=9, prompt="No.", answer="false"
    )
    scope = bank_scope(student, bank)
    when = NOON
    kinds: list[str] = []
    for _ in range(30):
        item = current_study_item(student, scope, when, ahead=True)
        kinds.append(item.question.kind if item.question.key != "true_false_2" else "true_false_2")
        answer_right(student, item, when)
        if kinds[-1] == "typed":
            break
        state = db.session.scalar(select(MemoryState))
        when = max(state.due, when + timedelta(minutes=1))
    first_seen = list(dict.fromkeys(kinds))
    assert first_seen == ["multiple_choice", "cloze", "typed"]
    # Never back down while every answer is right.
    steps = [step_of_kind(kind.removesuffix("_2")) for kind in kinds]
    assert steps == sorted(steps)


def test_a_quiz_recognition_answer_lifts_a_fact_to_cloze_at_most(app, student):
    bank = make_study_bank(facts=1, kinds=("multiple_choice",))
    give_memory(student, facts_of(bank)[0], stability=30.0, form_step=0, due=NOON)
    attempt, _resumed = start_or_resume_quiz(student, bank, None, None, NOON)
    item = db.session.scalar(select(IssuedItem).where(IssuedItem.attempt_id == attempt.id))
    answer_right(student, item, NOON)
    state = db.session.scalar(select(MemoryState))
    assert state.stability > 7.0  # steady enough for free recall...
    assert state.form_step == 1  # ...but a right pick earns cloze, not more
