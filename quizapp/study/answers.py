"""Recording an answer, exactly once, and taking the last one back.

Submitting is one transaction: claim the item's one-time token (an UPDATE that only
succeeds while the item is unused), grade, move the memory state, append the review,
and for a quiz add to the score. A second submit of the same token — double click,
back button, second tab, retried request, or a concurrent request on another worker —
finds the token claimed and gets the first review back; nothing moves twice.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Select, bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from ..database import (
    commit_keeping_loaded,
    run_core,
    start_writing,
    store_changes,
    store_new,
    writer_may_read_on,
)
from ..extensions import db
from ..grading import Outcome, Verdict, judge_answer, rating_for, self_grade
from ..lti.outbox import queue_score, send_soon
from ..models import IssuedItem, MemoryState, QuestionKind, QuizAttempt, Review, User
from ..ops import events
from ..scheduling import (
    FIRST_MEETING_BEST_RATING,
    UNTAUGHT_BEST_RATING,
    Rating,
    apply_review,
    new_memory_state,
    restore,
    snapshot,
)
from ..timeutil import as_utc, now_utc
from .issued_items import (
    StudyCard,
    item_for_user,
    item_with_memory,
    options_key,
    renew_options,
    study_card,
)
from .ladder import step_after_answer
from .queue import Scope, SessionCounts, counts_from_row, query_params, undo_since
from .quizzes import change_unfinished_attempt, practice_if_removed
from .wording import composed

MAX_RESPONSE_LENGTH = 500


def typed_text(response: str) -> str:
    """A typed answer as it is judged, kept and shown: trimmed, at most
    MAX_RESPONSE_LENGTH characters, and composed (NFC). A Mac hands over Hangul
    decomposed (jamo), which looks the same but compares, diffs and exports as other
    letters: the teacher's results would hold two spellings of one answer."""
    return composed(response.strip())[:MAX_RESPONSE_LENGTH]


# What an answer changes in a memory state (its ids stay).
MEMORY_COLUMNS = tuple(
    column.key
    for column in MemoryState.__table__.columns
    if column.key not in ("id", "user_id", "fact_id")
)


class AnswerRefused(ValueError):
    """An answer that cannot be recorded, with a message for the learner."""


class TakenBackAlready(AnswerRefused):
    """An undo of an answer another request took back already (a double click on "Undo",
    two tabs): nothing more to do, and the question waits again as the first undo left it."""


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
    # What the card asked from (``issued_items.options_key``), when its page sent it.
    options_key: str | None = None


@dataclass(frozen=True)
class Judgement:
    response: str
    outcome: Outcome
    rating: Rating
    reason: str = ""  # the grader's reason (typed and cloze), shown on the feedback card


# The teacher edited the question after its page was shown (``reissue_waiting_items``).
QUESTION_CHANGED = "This question was changed by your teacher; here it is again."


def judge(item: IssuedItem, submission: Submission) -> Judgement:
    """Grade a submission for ``item`` and turn it into the rating the scheduler gets.

    An answer from a page that showed other options than the item's (the teacher edited
    the question since) is refused: it would be graded against options it never showed."""
    question = item.question
    if submission.options_key is not None and submission.options_key != options_key(item):
        raise AnswerRefused(QUESTION_CHANGED)
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
        response = typed_text(submission.response)
    verdict = judge_answer(question, response)
    return Judgement(
        response,
        verdict.outcome,
        rating_for(verdict.outcome, hint_used=item.hint_shown),
        verdict.reason,
    )


def review_for_token(user: User, token: str) -> Review | None:
    return db.session.scalar(
        select(Review).where(Review.client_token == token, Review.user_id == user.id)
    )


# Marks the learner's item used if nobody has (built once; bound per answer).
_CLAIM = (
    update(IssuedItem)
    .where(
        IssuedItem.token == bindparam("claimed_token"),
        IssuedItem.user_id == bindparam("who"),
        IssuedItem.used_at.is_(None),
    )
    .values(used_at=bindparam("claimed_at"))
)


def _claim(user: User, token: str, now: datetime) -> bool:
    """Mark the learner's item used if nobody has; True for the one request that did."""
    result = run_core(_CLAIM, {"claimed_token": token, "who": user.id, "claimed_at": now})
    return result.rowcount == 1


def _add_to_score(attempt_id: int, user: User, judgement: Judgement) -> None:
    """Add this answer's mark; the row lock it takes also orders concurrent answers."""
    gained = 1.0 if judgement.outcome.counts_as_correct else 0.0
    if change_unfinished_attempt(attempt_id, user, {"score": QuizAttempt.score + gained}) != 1:
        raise AnswerRefused("This quiz is finished; its answers cannot be changed.")


def _finish_if_complete(attempt_id: int, now: datetime) -> bool:
    """Finish the attempt when every question is answered; True if this answer did.

    A quiz launched from an LMS queues its score in the same transaction (LTI outbox)."""
    question_ids = db.session.scalar(
        select(QuizAttempt.question_ids).where(QuizAttempt.id == attempt_id)
    )
    answered = db.session.scalar(
        select(func.count(Review.id)).where(Review.attempt_id == attempt_id)
    )
    if answered is None or answered < len(question_ids or []):
        return False
    finished = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt_id, QuizAttempt.finished_at.is_(None))
        .values(finished_at=now)
        .execution_options(synchronize_session=False)
    )
    if finished.rowcount != 1:  # type: ignore[attr-defined]
        return False
    queue_score(attempt_id, now)
    return True


def memory_state(user_id: int, fact_id: int, lock: bool = False) -> MemoryState | None:
    """The learner's memory of a fact; ``lock`` holds its row until the transaction ends."""
    query = select(MemoryState).where(
        MemoryState.user_id == user_id, MemoryState.fact_id == fact_id
    )
    return db.session.scalar(query.with_for_update() if lock else query)


@dataclass(frozen=True)
class Answered:
    """An answer and everything its feedback card shows."""

    review: Review
    item: IssuedItem
    state: MemoryState | None  # the fact's memory after the answer
    counts: SessionCounts | None  # today's figures (a repeated study answer only)
    position: tuple[int, int] | None  # "3 of 12": the answered item's place today
    first_time: bool  # False when this request repeated an answer already recorded
    # The grader's verdict when this request graded the answer; None for a repeat (the
    # feedback card then grades the stored response again).
    verdict: Verdict | None = None
    # This answer made a class quiz the learner's own practice: they were taken off the
    # class that set it (``quizzes.practice_if_removed``).
    now_practice: bool = False
    # Written, not committed yet: ``record_answer(commit=False)`` left the transaction
    # open for the next card; the caller commits, then calls ``answer_stored``.
    uncommitted: bool = False


def _rating(judgement: Judgement, item: IssuedItem, first_meeting: bool) -> Rating:
    """A right answer on a fact met for the first time rates at most
    ``FIRST_MEETING_BEST_RATING`` in study, where the card taught the fact first (Good:
    see ``quizapp.scheduling`` for why not Hard), and ``UNTAUGHT_BEST_RATING`` (Hard) in
    a quiz, where it may be a guess. Flashcards keep the learner's own grade."""
    if first_meeting and item.question.kind != QuestionKind.FLASHCARD:
        taught = item.attempt_id is None
        return min(judgement.rating, FIRST_MEETING_BEST_RATING if taught else UNTAUGHT_BEST_RATING)
    return judgement.rating


# The memory row written only if it is still as this request read it (its reviews
# count and last review): one UPDATE, no second read, for the answer that meets no other.
_memory = MemoryState.__table__
_STATE_IF_UNCHANGED = (
    _memory.update()
    .where(
        _memory.c.id == bindparam("row_id"),
        _memory.c.reps == bindparam("read_reps"),
        _memory.c.last_review.is_not_distinct_from(bindparam("read_last_review")),
    )
    .values({name: bindparam(name) for name in MEMORY_COLUMNS})
)
# The memory row read again, locked until the transaction ends (FOR UPDATE on
# PostgreSQL; SQLite's dialect leaves it out, its write lock is held), when another
# answer moved it since this request read it.
_STATE_TO_WRITE = (
    select(MemoryState)
    .where(MemoryState.id == bindparam("state_id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)
CROSSED = "That answer crossed with another one. Please send it again."


def _read_again_locked(state_id: int) -> MemoryState:
    """The memory row as it is now, held until the transaction ends. A row gone since
    the item was read (its first answer taken back in another tab) refuses the answer:
    nothing is written and the learner can send it again."""
    state = db.session.scalar(_STATE_TO_WRITE, {"state_id": state_id})
    if state is None:
        raise AnswerRefused(CROSSED)
    db.session.expunge(state)  # written by one statement, not again at commit
    return state


def _advance(
    user: User,
    item: IssuedItem,
    state: MemoryState,
    judgement: Judgement,
    now: datetime,
    rating: Rating,
) -> None:
    """Move ``state`` on by this answer, in memory: the scheduler, then the ladder step."""
    previous_step = state.form_step or 0
    apply_review(
        state, rating, now, user.desired_retention, user.scheduler_parameters, user.time_zone
    )
    state.form_step = step_after_answer(
        previous_step, item.question.kind, judgement.outcome.counts_as_correct, state.stability
    )


def _move_memory(
    user: User, item: IssuedItem, state: MemoryState | None, judgement: Judgement, now: datetime
) -> tuple[MemoryState, dict[str, Any] | None, Rating]:
    """Move the fact's memory on by this answer and write it: one INSERT, or one UPDATE
    that holds only if the row is still as read. Two answers to one fact from two tabs
    move it one after the other: the later one, finding the row moved, reads it again
    (locked) and moves it from there."""
    rating = _rating(judgement, item, state is None)
    if state is None:
        state = new_memory_state(user.id, item.fact_id, now)
        _advance(user, item, state, judgement, now, rating)
        store_new(state)
        return state, None, rating
    db.session.expunge(state)  # written below, by one statement, not again at commit
    read = {"read_reps": state.reps, "read_last_review": state.last_review}
    before = _snapshot(state)
    _advance(user, item, state, judgement, now, rating)
    written = run_core(
        _STATE_IF_UNCHANGED,
        {"row_id": state.id, **read, **{name: getattr(state, name) for name in MEMORY_COLUMNS}},
    )
    if written.rowcount == 1:
        return state, before, rating
    state = _read_again_locked(state.id)
    before = _snapshot(state)
    _advance(user, item, state, judgement, now, rating)
    store_changes(state, MEMORY_COLUMNS)
    return state, before, rating


def _snapshot(state: MemoryState) -> dict[str, Any]:
    return {**snapshot(state), "form_step": state.form_step}


def answered_otherwise(result: Answered, submission: Submission) -> bool:
    """Whether a repeated answer (``first_time`` False) asked for another answer than the
    one that counted: another tab or window answered the card first. Its page says so,
    rather than mark "Your answer" on an option this tab never chose. A double click
    sends the same answer twice, and is not this."""
    if result.first_time:
        return False
    try:
        judgement = judge(result.item, submission)
    except AnswerRefused:
        return True
    if result.item.question.kind == QuestionKind.FLASHCARD:
        return int(judgement.rating) != result.review.rating
    return judgement.response != result.review.response


def record_answer(
    user: User,
    token: str,
    submission: Submission,
    now: datetime,
    scope: Scope | None = None,
    position: tuple[int, int] | None = None,
    commit: bool = True,
) -> Answered:
    """Record the answer to the learner's item ``token`` once. A repeat gets the first
    answer back (``first_time`` False), and with ``scope`` (a study session's banks)
    today's counts. ``position`` is the card's place in the session as its page showed
    it, carried to the answered card. Raises ItemNotFound for a token that is not the
    learner's and AnswerRefused for an answer that cannot count. Without ``commit`` a
    study answer's writes are left in the open transaction (``uncommitted``), for the
    next card to join them (see ``database.writer_may_read_on``); a quiz answer, which
    carries no card, is committed all the same.

    Few statements, and the writes in one transaction: read the item with its
    question, fact and memory in one SELECT and grade it, then claim the token, write
    the memory and the review. On SQLite only the second part holds the write lock (the
    request reads first, see ``reads_before_writing``), so a worker grading an answer
    does not keep the others' answers waiting. The session's counts are not read here:
    the card already showed its place."""
    row = db.session.execute(*_item_query(user, token, None, now, with_review=False)).one_or_none()
    if row is None:
        raise ItemNotFound(token)
    item, state = row[0], row[1]
    if item.used_at is not None:
        return answered(user, token, scope, now, position)
    judgement = judge(item, submission)  # a refused answer writes nothing
    start_writing()
    if not _claim(user, token, now):  # another request answered it since the read
        commit_keeping_loaded()  # nothing written: end the lock before the repeat renders
        return answered(user, token, scope, now, position)
    set_committed_value(item, "used_at", now)  # what the claim wrote, without writing again
    now_practice = False
    try:
        if item.attempt_id is not None:
            now_practice = practice_if_removed(item.attempt_id, user)
            _add_to_score(item.attempt_id, user, judgement)
        state, before, rating = _move_memory(user, item, state, judgement, now)
        review = Review(
            user_id=user.id,
            question_id=item.question_id,
            fact_id=item.fact_id,
            attempt_id=item.attempt_id,
            mode="quiz" if item.attempt_id is not None else "study",
            rating=int(rating),
            correct=judgement.outcome.counts_as_correct,
            response=judgement.response,
            duration_ms=submission.duration_ms,
            reviewed_at=now,
            client_token=token,
            state_before=before,  # None on a first review: stored as SQL NULL
        )
        store_new(review)
        finished = False
        if item.attempt_id is not None:
            finished = _finish_if_complete(item.attempt_id, now)
        left_open = not commit and item.attempt_id is None
        if not left_open:
            commit_keeping_loaded()
    except AnswerRefused:
        db.session.rollback()
        raise
    except IntegrityError:
        # Two requests created the same fact's first memory state at once; the loser
        # changed nothing and its token is still unused, so the learner can resend.
        db.session.rollback()
        raise AnswerRefused(CROSSED) from None
    if finished and item.attempt_id is not None:
        send_soon(item.attempt_id)
    result = Answered(
        review,
        item,
        state,
        None,
        position,
        first_time=True,
        verdict=Verdict(judgement.outcome, judgement.reason),
        now_practice=now_practice,
        uncommitted=left_open,
    )
    if not left_open:
        answer_stored(result)
    return result


def answer_with_next_card(
    user: User,
    token: str,
    submission: Submission,
    now: datetime,
    scope: Scope,
    position: tuple[int, int] | None,
    ahead: bool = False,
) -> tuple[Answered, StudyCard | None]:
    """Record a study answer (``record_answer``) and issue the card its feedback page
    carries, if one is left today (``issued_items.study_card``). Where a writer may read
    on (PostgreSQL) both go in one transaction, which one COMMIT stores: two round trips
    and a flush of the log fewer per answer. Should issuing the card fail, the answer
    must not go with it (where it shared the card's transaction, it is recorded again,
    alone) and its feedback is shown all the same, carrying no card: Continue then asks
    the session for one."""
    result = record_answer(
        user, token, submission, now, scope, position, commit=not writer_may_read_on()
    )
    if not result.first_time or result.item.attempt_id is not None:
        return result, None  # a repeat shows its first feedback; a quiz goes on its own way
    try:
        card, _counts = study_card(user, scope, now_utc(), ahead=ahead)
        if db.session().in_transaction():  # the answer, or a read that found the card
            commit_keeping_loaded()
    except Exception:  # whatever failed, the answer is kept and its feedback shown
        db.session.rollback()
        events.next_card_failed(sys.exc_info())
        if result.uncommitted:  # the rollback took the answer too: record it alone
            result = record_answer(user, token, submission, now, scope, position)
        return result, None
    if result.uncommitted:
        answer_stored(result)
    return result, card


def answer_stored(result: Answered) -> None:
    """What follows an answer's commit: it is counted (``ops.metrics``)."""
    events.answer_recorded(result.review.mode, Rating(result.review.rating).name.lower())


def _item_query(
    user: User, token: str, scope: Scope | None, now: datetime, with_review: bool
) -> tuple[Select[*tuple[Any, ...]], dict[str, Any]]:
    """The statement reading the item ``token`` (and today's counts in ``scope``), with
    its parameters."""
    params = {"who": user.id, "token": token}
    if scope is not None:
        params |= query_params(user, scope, now)
    statement = item_with_memory(
        by_token=True,
        counts_scoped=None if scope is None else scope.slug is not None,
        with_review=with_review,
    )
    return statement, params


def answered(
    user: User,
    token: str,
    scope: Scope | None,
    now: datetime,
    position: tuple[int, int] | None = None,
) -> Answered:
    """The learner's recorded answer to item ``token`` and what its feedback shows (one
    SELECT). ``position``: the place its card showed, as its form sent it again (a
    reload of the answer's page); else today's count places it. Raises ItemNotFound
    when the learner has no such answer."""
    row = db.session.execute(*_item_query(user, token, scope, now, with_review=True)).one_or_none()
    if row is None:
        raise ItemNotFound(token)
    counts = counts_from_row(user, row, scope) if scope is not None else None
    if position is None and counts is not None:
        position = counts.position(answered=True)
    return Answered(row[2], row[0], row[1], counts, position, first_time=False)


def submit_answer(
    user: User, token: str, submission: Submission, now: datetime
) -> tuple[Review, bool]:
    """(review, True) the first time, (the earlier review, False) for any repeat."""
    result = record_answer(user, token, submission, now)
    return result.review, result.first_time


def latest_review(user: User) -> Review | None:
    return db.session.scalar(
        select(Review)
        .where(Review.user_id == user.id)
        .order_by(Review.reviewed_at.desc(), Review.id.desc())
        .limit(1)
    )


def can_undo(user: User, review: Review, now: datetime) -> bool:
    """Only the last answer, only in a study session (quiz answers are marked), and only
    while the learner is still at it (``queue.undo_since``)."""
    if review.mode != "study" or as_utc(review.reviewed_at) < undo_since(user, now):
        return False
    latest = latest_review(user)
    return latest is not None and latest.id == review.id


def _answered_since(user: User, review: Review) -> bool:
    """Whether the learner's last answer now (read afresh) came after ``review``."""
    latest = latest_review(user)
    return latest is not None and (latest.reviewed_at, latest.id) > (review.reviewed_at, review.id)


ONLY_THE_LAST = "Only your last answer in a study session can be taken back."
TAKEN_BACK_ALREADY = "That answer was already taken back. Here is the question again."


def _waiting_again(user: User, token: str) -> bool:
    """Whether the learner's item ``token`` waits for its answer (again, once taken back)."""
    item = item_for_user(user, token)
    return item is not None and item.used_at is None


def undo_answer(user: User, token: str, now: datetime) -> IssuedItem:
    """Take back the learner's last answer: delete its review, put the memory state back
    exactly as it was (deleting it after a first review), and reopen the item.

    The item is issued again ``now``: the session shows today's unanswered item first,
    so an answer given just before the learner's midnight and taken back just after
    brings back that same question, not whatever the new day would serve.

    The fact's memory is locked before the answer is checked to be the last: an answer to
    the same fact from another tab, on its way, is waited for, and then it is the last
    one and the undo is refused. Checked only before the lock, the undo put the memory
    back to before the earlier answer, and the later answer's progress was lost."""
    review = review_for_token(user, token)
    if review is None and _waiting_again(user, token):
        raise TakenBackAlready(TAKEN_BACK_ALREADY)
    if review is None or not can_undo(user, review, now):
        raise AnswerRefused(ONLY_THE_LAST)
    state = memory_state(user.id, review.fact_id, lock=True)
    if _answered_since(user, review):  # another tab's answer to this fact, waited for
        db.session.rollback()
        raise AnswerRefused(ONLY_THE_LAST)
    deleted = db.session.execute(
        delete(Review)
        .where(Review.id == review.id, Review.user_id == user.id)
        .execution_options(synchronize_session=False)
    )
    if cast("CursorResult[Any]", deleted).rowcount != 1:
        db.session.rollback()
        raise TakenBackAlready(TAKEN_BACK_ALREADY)
    if state is not None:
        if review.state_before is None:
            db.session.delete(state)
        else:
            restore(state, review.state_before)
            state.form_step = review.state_before.get("form_step", state.form_step)
    item = item_for_user(user, token)
    if item is None:  # every review comes from an item; a missing one is a broken database
        db.session.rollback()
        raise ItemNotFound(token)
    item.used_at = None
    item.issued_at = now
    renew_options(item)
    db.session.expunge(review)
    db.session.commit()
    return item
