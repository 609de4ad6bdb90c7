"""Recording an answer, exactly once, and taking the last one back.

Submitting is one transaction: claim the item's one-time token (an UPDATE that only
succeeds while the item is unused), grade, move the memory state, append the review,
and for a quiz add to the score. A second submit of the same token — double click,
back button, second tab, retried request, or a concurrent request on another worker —
finds the token claimed and gets the first review back; nothing moves twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..grading import Outcome, grade, rating_for, self_grade
from ..models import IssuedItem, MemoryState, QuestionKind, QuizAttempt, Review, User
from ..scheduling import Rating, apply_review, new_memory_state, restore, snapshot
from .items import item_for_user

MAX_RESPONSE_LENGTH = 500


class AnswerRefused(ValueError):
    """An answer that cannot be recorded, with a message for the learner."""


class ItemNotFound(LookupError):
    """No such item for this learner (another learner's token looks exactly like this)."""


@dataclass(frozen=True)
class Submission:
    """What the answer form sent: typed text, the index of a picked option, or a
    flashcard's self-rating."""

    response: str = ""
    choice: int | None = None
    self_rating: int | None = None
    duration_ms: int | None = None


@dataclass(frozen=True)
class Judgement:
    response: str
    outcome: Outcome
    rating: Rating


def judge(item: IssuedItem, submission: Submission) -> Judgement:
    """Grade a submission for ``item`` and turn it into the rating the scheduler gets."""
    question = item.question
    if question.kind == QuestionKind.FLASHCARD:
        if submission.self_rating is None:
            raise AnswerRefused("Choose Again, Hard, Good or Easy.")
        try:
            rating = self_grade(submission.self_rating)
        except ValueError as error:
            raise AnswerRefused(str(error)) from None
        outcome = Outcome.WRONG if rating == Rating.AGAIN else Outcome.CORRECT
        return Judgement(rating.name.title(), outcome, rating)
    if item.choice_order:
        choice = submission.choice
        if choice is None or not 0 <= choice < len(item.choice_order):
            raise AnswerRefused("Pick one of the options.")
        response = item.choice_order[choice]
    else:
        response = submission.response.strip()[:MAX_RESPONSE_LENGTH]
    outcome = grade(question, response)
    return Judgement(response, outcome, rating_for(outcome, hint_used=item.hint_shown))


def review_for_token(user: User, token: str) -> Review | None:
    return db.session.scalar(
        select(Review).where(Review.client_token == token, Review.user_id == user.id)
    )


def _claim(item: IssuedItem, now: datetime) -> bool:
    """Mark the item used if nobody has; True for the one request that did."""
    result = db.session.execute(
        update(IssuedItem)
        .where(IssuedItem.id == item.id, IssuedItem.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _add_to_score(attempt_id: int, user: User, judgement: Judgement) -> None:
    """Add this answer's mark; the row lock it takes also orders concurrent answers."""
    gained = 1.0 if judgement.outcome.counts_as_correct else 0.0
    result = db.session.execute(
        update(QuizAttempt)
        .where(
            QuizAttempt.id == attempt_id,
            QuizAttempt.user_id == user.id,
            QuizAttempt.finished_at.is_(None),
        )
        .values(score=QuizAttempt.score + gained)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise AnswerRefused("This quiz is finished; its answers cannot be changed.")


def _finish_if_complete(attempt_id: int, now: datetime) -> None:
    question_ids = db.session.scalar(
        select(QuizAttempt.question_ids).where(QuizAttempt.id == attempt_id)
    )
    answered = db.session.scalar(
        select(func.count(Review.id)).where(Review.attempt_id == attempt_id)
    )
    if answered is not None and answered >= len(question_ids or []):
        db.session.execute(
            update(QuizAttempt)
            .where(QuizAttempt.id == attempt_id, QuizAttempt.finished_at.is_(None))
            .values(finished_at=now)
            .execution_options(synchronize_session=False)
        )


def memory_state(user_id: int, fact_id: int, lock: bool = False) -> MemoryState | None:
    """The learner's memory of a fact; ``lock`` holds its row until the transaction ends."""
    query = select(MemoryState).where(
        MemoryState.user_id == user_id, MemoryState.fact_id == fact_id
    )
    return db.session.scalar(query.with_for_update() if lock else query)


def submit_answer(
    user: User, token: str, submission: Submission, now: datetime
) -> tuple[Review, bool]:
    """Record the answer to the learner's item ``token``; (review, True) the first time,
    (the earlier review, False) for any repeat. Raises ItemNotFound for a token that is
    not the learner's and AnswerRefused for an answer that cannot count."""
    item = item_for_user(user, token)
    if item is None:
        raise ItemNotFound(token)
    judgement = judge(item, submission)
    try:
        if not _claim(item, now):
            db.session.rollback()
            return _earlier_review(user, token), False
        if item.attempt_id is not None:
            _add_to_score(item.attempt_id, user, judgement)
        state = memory_state(user.id, item.fact_id, lock=True)
        before = snapshot(state) if state is not None else None
        if state is None:
            state = new_memory_state(user.id, item.fact_id, now)
            db.session.add(state)
        apply_review(
            state, judgement.rating, now, user.desired_retention, user.scheduler_parameters
        )
        review = Review(
            user_id=user.id,
            question_id=item.question_id,
            fact_id=item.fact_id,
            attempt_id=item.attempt_id,
            mode="quiz" if item.attempt_id is not None else "study",
            rating=int(judgement.rating),
            correct=judgement.outcome.counts_as_correct,
            response=judgement.response,
            duration_ms=submission.duration_ms,
            reviewed_at=now,
            client_token=token,
            state_before=before,  # None on a first review: stored as SQL NULL
        )
        db.session.add(review)
        db.session.flush()
        if item.attempt_id is not None:
            _finish_if_complete(item.attempt_id, now)
        db.session.commit()
    except AnswerRefused:
        db.session.rollback()
        raise
    except IntegrityError:
        # Two requests created the same fact's first memory state at once; the loser
        # changed nothing and its token is still unused, so the learner can resend.
        db.session.rollback()
        raise AnswerRefused("That answer crossed with another one. Please send it again.") from None
    return review, True


def _earlier_review(user: User, token: str) -> Review:
    review = review_for_token(user, token)
    if review is None:
        raise AnswerRefused("That question was already answered.")
    return review


def latest_review(user: User) -> Review | None:
    return db.session.scalar(
        select(Review)
        .where(Review.user_id == user.id)
        .order_by(Review.reviewed_at.desc(), Review.id.desc())
        .limit(1)
    )


def can_undo(user: User, review: Review) -> bool:
    """Only the last answer, and only in a study session (quiz answers are marked)."""
    latest = latest_review(user)
    return latest is not None and latest.id == review.id and review.mode == "study"


def undo_answer(user: User, token: str) -> IssuedItem:
    """Take back the learner's last answer: delete its review, put the memory state back
    exactly as it was (deleting it after a first review), and reopen the item."""
    review = review_for_token(user, token)
    if review is None or not can_undo(user, review):
        raise AnswerRefused("Only your last answer in a study session can be taken back.")
    deleted = db.session.execute(
        delete(Review)
        .where(Review.id == review.id, Review.user_id == user.id)
        .execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise AnswerRefused("That answer was already taken back.")
    state = memory_state(user.id, review.fact_id, lock=True)
    if state is not None:
        if review.state_before is None:
            db.session.delete(state)
        else:
            restore(state, review.state_before)
    item = item_for_user(user, token)
    if item is None:  # every review comes from an item; a missing one is a broken database
        db.session.rollback()
        raise ItemNotFound(token)
    item.used_at = None
    db.session.expunge(review)
    db.session.commit()
    return item
