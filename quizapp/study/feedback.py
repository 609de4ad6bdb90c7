"""What an answer's card shows once answered: the verdict in place.

The options stay where they were, the learner's pick and the right one marked in words
as well as colour; a typed answer is set against the right one letter by letter; then
the explanation, the source and when the fact comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..grading import PLAIN_REASONS, Outcome, judge_answer, nearest_accepted
from ..models import QuestionKind, User
from .answers import Answered
from .wording import (
    answer_diff,
    cloze_parts,
    display_answer,
    reason_sentence,
    verdict,
    when_label,
)


@dataclass(frozen=True)
class MarkedOption:
    label: str
    picked: bool  # the learner's answer
    right: bool  # the right answer


def marked_options(
    choice_order: list[str], kind: str, response: str, answer: str
) -> list[MarkedOption]:
    """The options as they were shown, with the learner's pick and the right one."""
    return [
        MarkedOption(display_answer(kind, option), option == response, option == answer)
        for option in choice_order
    ]


# Anki's leech threshold: the lapse that makes a fact forgotten this many times is told.
LEECH_LAPSES = 8


def became_leech(result: Answered) -> bool:
    """Whether this answer was the fact's ``LEECH_LAPSES``-th lapse (forgotten after it
    had been learned): more reviews alone rarely fix such a fact, and without a word the
    learner met it day after day, Again after Again. Told once, not at every lapse."""
    before = (result.review.state_before or {}).get("lapses") or 0
    after = result.state.lapses if result.state is not None else 0
    return before < LEECH_LAPSES <= (after or 0)


def feedback_view(result: Answered, user: User, now: datetime) -> dict[str, Any]:
    """The template values of an answered item's card."""
    item, review = result.item, result.review
    question = item.question
    typed = question.kind in (QuestionKind.TYPED, QuestionKind.CLOZE)
    # Graded once: the verdict this request reached, else (a repeat) the stored response.
    judged = (result.verdict or judge_answer(question, review.response)) if typed else None
    almost = judged is not None and review.correct and judged.outcome is Outcome.ALMOST
    tone, words = verdict(question.kind, review.correct, review.rating, item.hint_shown, almost)
    show_diff = typed and bool(review.response) and tone != "good"
    # An "almost" is shown against the accepted spelling it nearly is.
    shown = nearest_accepted(question, review.response) if almost else question.answer
    undo = (
        result.first_time or (result.counts is not None and result.counts.undo_token == item.token)
    ) and item.attempt_id is None
    return {
        "item": item,
        "question": question,
        "fact": item.fact,
        "review": review,
        "tone": tone,
        "verdict_words": words,
        # The grader's reason for its verdict ("We ignore 'approximately'."), when it
        # adds something to the verdict itself (not "wrong: that is not the answer").
        "reason": reason_sentence(judged.reason)
        if judged is not None and judged.reason not in PLAIN_REASONS
        else None,
        "options": (
            marked_options(item.choice_order, question.kind, review.response, question.answer)
            if item.choice_order
            else []
        ),
        "diff": answer_diff(review.response, shown) if show_diff else None,
        "right_answer": display_answer(question.kind, shown),
        "cloze": cloze_parts(question.prompt) if question.kind == QuestionKind.CLOZE else None,
        "comes_back": (
            when_label(result.state.due, now, user.time_zone)
            if result.state is not None and item.fact.active
            else None
        ),
        # Retired while on screen (a teacher's edit): answered, but never served again.
        "retired": not item.fact.active,
        "undo_token": item.token if undo else None,
        "position": result.position,
        "leech_lapses": LEECH_LAPSES if became_leech(result) else None,
    }
