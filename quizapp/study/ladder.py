"""Which form a fact is asked in: up the ladder one step at a time, earned by answers.

Three steps: recognition (multiple choice and true/false, taking turns), cued recall
(cloze), free recall (typed — or a self-graded flashcard for learners who prefer that).
A fact climbs only after a right answer in the form below, and only as far as its
memory's stability allows (cloze from 2 days, free recall from 7). A wrong answer keeps
it at the form it failed in, and falling stability brings it down. So a lucky pick
never jumps a fact to free recall, and a recognition answer (even in a quiz) lifts a
fact to cloze at most. A fact lacking the wanted form is asked in the nearest form it
has, easier first.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..models import Question, QuestionKind

CUED_RECALL_FROM_DAYS = 2.0
FREE_RECALL_FROM_DAYS = 7.0
RECOGNITION, CUED_RECALL, FREE_RECALL = 0, 1, 2

_RECOGNITION = (QuestionKind.MULTIPLE_CHOICE.value, QuestionKind.TRUE_FALSE.value)
_CUED = (QuestionKind.CLOZE.value,)
_TYPED = (QuestionKind.TYPED.value,)
_FLASHCARD = (QuestionKind.FLASHCARD.value,)
_STEP_OF_KIND = {
    **dict.fromkeys(_RECOGNITION, RECOGNITION),
    **dict.fromkeys(_CUED, CUED_RECALL),
    **dict.fromkeys(_TYPED + _FLASHCARD, FREE_RECALL),
}


def ladder_step(stability: float | None) -> int:
    """The hardest step a memory this steady may be asked in; a new fact starts at 0."""
    if stability is None or stability < CUED_RECALL_FROM_DAYS:
        return RECOGNITION
    if stability < FREE_RECALL_FROM_DAYS:
        return CUED_RECALL
    return FREE_RECALL


def step_of_kind(kind: str) -> int:
    return _STEP_OF_KIND[kind]


def step_after_answer(previous_step: int, kind: str, right: bool, stability: float | None) -> int:
    """The fact's form step after an answer in ``kind``: one above the answered form after
    a right answer (never below the step it had), the answered form after a wrong one,
    and never above what the new stability allows."""
    answered = step_of_kind(kind)
    wanted = max(previous_step, answered + 1) if right else answered
    return min(wanted, FREE_RECALL, ladder_step(stability))


def _kinds_in_preference(step: int, prefers_self_grading: bool) -> list[tuple[str, ...]]:
    """The wanted step's kinds, then easier steps, then harder ones, then the other free form."""
    free, other_free = (_FLASHCARD, _TYPED) if prefers_self_grading else (_TYPED, _FLASHCARD)
    steps = [_RECOGNITION, _CUED, free]
    order = [steps[step], *reversed(steps[:step]), *steps[step + 1 :], other_free]
    return order


def choose_question(
    questions: Sequence[Question],
    step: int,
    prefers_self_grading: bool = False,
    rotation: int = 0,
    allowed_kinds: Collection[str] | None = None,
) -> Question | None:
    """The question to ask for a fact at ladder ``step``, or None if it has none to ask.

    ``rotation`` (the number of reviews so far) takes turns among questions of the same
    step, so recognition alternates between a fact's multiple-choice and true/false
    forms from the first day."""
    usable = [
        q for q in questions if q.active and (allowed_kinds is None or q.kind in allowed_kinds)
    ]
    # Where flashcards are not allowed (quizzes), free recall means typing.
    self_graded = prefers_self_grading and (allowed_kinds is None or _FLASHCARD[0] in allowed_kinds)
    for kinds in _kinds_in_preference(step, self_graded):
        candidates = sorted((q for q in usable if q.kind in kinds), key=_recognition_order)
        if candidates:
            return candidates[rotation % len(candidates)]
    return None


def _recognition_order(question: Question) -> tuple[int, int, int]:
    """Multiple choice before true/false (the first meeting is a multiple choice), then
    the bank's own order."""
    kind_rank = 0 if question.kind == QuestionKind.MULTIPLE_CHOICE else 1
    return (kind_rank, question.position or 0, question.id or 0)
