"""Which form a fact is asked in: up the ladder as the fact's memory grows steadier.

Recognition (multiple choice, true/false) while a memory is fragile, cued recall (cloze)
once it holds a couple of days, free recall (typed — or a self-graded flashcard for
learners who prefer that) once it holds a week. A fact lacking the wanted form is asked
in the nearest form it has, easier first.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..models import Question, QuestionKind

CUED_RECALL_FROM_DAYS = 2.0
FREE_RECALL_FROM_DAYS = 7.0

_RECOGNITION = (QuestionKind.MULTIPLE_CHOICE.value, QuestionKind.TRUE_FALSE.value)
_CUED = (QuestionKind.CLOZE.value,)
_TYPED = (QuestionKind.TYPED.value,)
_FLASHCARD = (QuestionKind.FLASHCARD.value,)


def ladder_step(stability: float | None) -> int:
    """0 recognition, 1 cued recall, 2 free recall; a new fact starts at 0."""
    if stability is None or stability < CUED_RECALL_FROM_DAYS:
        return 0
    if stability < FREE_RECALL_FROM_DAYS:
        return 1
    return 2


def _kinds_in_preference(step: int, prefers_self_grading: bool) -> list[tuple[str, ...]]:
    """The wanted step's kinds, then easier steps, then harder ones, then the other free form."""
    free, other_free = (_FLASHCARD, _TYPED) if prefers_self_grading else (_TYPED, _FLASHCARD)
    steps = [_RECOGNITION, _CUED, free]
    order = [steps[step], *reversed(steps[:step]), *steps[step + 1 :], other_free]
    return order


def choose_question(
    questions: Sequence[Question],
    stability: float | None,
    prefers_self_grading: bool = False,
    rotation: int = 0,
    allowed_kinds: Collection[str] | None = None,
) -> Question | None:
    """The question to ask for a fact at this stability, or None if it has none to ask.

    ``rotation`` (the number of reviews so far) takes turns among questions of the same
    step, so recognition alternates between a fact's multiple-choice and true/false forms."""
    usable = [
        q for q in questions if q.active and (allowed_kinds is None or q.kind in allowed_kinds)
    ]
    # Where flashcards are not allowed (quizzes), free recall means typing.
    self_graded = prefers_self_grading and (allowed_kinds is None or _FLASHCARD[0] in allowed_kinds)
    for kinds in _kinds_in_preference(ladder_step(stability), self_graded):
        candidates = [q for q in usable if q.kind in kinds]
        if candidates:
            return candidates[rotation % len(candidates)]
    return None
