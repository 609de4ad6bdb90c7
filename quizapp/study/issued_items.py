"""Issuing items: a question shown to a learner, with its one-time token and its shuffle.

An item is issued once and shown until answered, so a reload shows the same options
in the same order. Items issued today also fix the ladder step a fact is asked in for
the rest of the learner's day: a fact is not asked by recognition and by recall on one
day (within recognition, multiple choice and true/false take turns).

A study page is read in few statements: the session's counts (one SELECT, which also
names the item waiting to be answered), then either that item with its question, fact
and memory (one SELECT), or the next fact with its questions (one SELECT) and the new
item (one INSERT, in a transaction that takes the write lock only then).
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, or_, select, true
from sqlalchemy.orm import contains_eager

from ..database import commit_keeping_loaded, start_writing, store_new
from ..extensions import db
from ..fingerprints import fingerprint
from ..models import (
    Fact,
    IssuedItem,
    MemoryState,
    Question,
    QuestionKind,
    QuizAttempt,
    Review,
    User,
)
from ..timeutil import as_utc
from .ladder import choose_question, ladder_step, step_of_kind
from .queue import (
    LEARNER,
    Scope,
    SessionCounts,
    choose_next_fact,
    count_columns,
    session_counts,
    todays_answers,
)
from .study_day import study_day

TRUE_FALSE_OPTIONS = ["true", "false"]


def choice_order_for(question: Question, rng: random.Random | None = None) -> list[str]:
    """The options as shown: multiple choice shuffled once (answer among the distractors),
    true/false always True then False, nothing for typed forms."""
    if question.kind == QuestionKind.TRUE_FALSE:
        return list(TRUE_FALSE_OPTIONS)
    if question.kind != QuestionKind.MULTIPLE_CHOICE:
        return []
    options = list(dict.fromkeys([question.answer, *(question.choices or [])]))
    (rng or random.SystemRandom()).shuffle(options)
    return options


def options_key(item: IssuedItem) -> str:
    """What an item's answer form asks from, sent back with the answer: its question's
    kind and the options in the order shown. A teacher's edit gives a waiting item new
    options (``reissue_waiting_items``); an answer from a page that still shows the old
    ones then no longer matches, and is refused (``answers.judge``) rather than graded
    against options the learner never saw."""
    return fingerprint([str(item.question.kind), item.choice_order])


_items = IssuedItem.__table__
# Questions whose waiting items are looked up at once (a bound parameter each).
REISSUE_CHUNK = 500
# An item's options, written only while it waits for its answer (not if answered since).
_REISSUE = (
    _items.update()
    .where(_items.c.id == bindparam("item_id"), _items.c.used_at.is_(None))
    .values(choice_order=bindparam("options"))
)


def answered_from(question: Any) -> tuple[str, str, list[str]]:
    """What a learner answers from: the question's kind, and its answer among its options
    (of a ``Question``, or of content about to be written to one)."""
    return str(question.kind), question.answer, list(question.choices)


def reissue_waiting_items(questions: Sequence[Question]) -> None:
    """Give each item of ``questions`` that waits for an answer — a study card, or a
    question of an unfinished quiz — the options of its question as it now is, shuffled
    anew. Its token stays, so a reload shows the question as edited; it was graded
    against the new answer already, and would mark the right pick among the old options
    wrong. Answered items keep the options their answers were given from. (Called when
    ``answered_from`` changed: the bank editor's save, an upload or a content load.)"""
    by_id = {question.id: question for question in questions}
    unfinished = select(QuizAttempt.id).where(QuizAttempt.finished_at.is_(None))
    ids = list(by_id)
    for start in range(0, len(ids), REISSUE_CHUNK):
        waiting = db.session.execute(
            select(IssuedItem.id, IssuedItem.question_id).where(
                IssuedItem.question_id.in_(ids[start : start + REISSUE_CHUNK]),
                IssuedItem.used_at.is_(None),
                or_(IssuedItem.attempt_id.is_(None), IssuedItem.attempt_id.in_(unfinished)),
            )
        ).all()
        if waiting:
            db.session.execute(
                _REISSUE,
                [
                    {"item_id": item_id, "options": choice_order_for(by_id[question_id])}
                    for item_id, question_id in waiting
                ],
            )


def renew_options(item: IssuedItem) -> None:
    """Give an item opened again (its answer taken back) the options of its question as
    it now is, when a teacher's edit changed them since it was issued: the same options
    in the same order otherwise, as a reload shows them."""
    current = choice_order_for(item.question)
    if sorted(item.choice_order or []) != sorted(current):
        item.choice_order = current


def new_item(
    user: User,
    question: Question,
    now: datetime,
    attempt_id: int | None = None,
    rng: random.Random | None = None,
    fact: Fact | None = None,
) -> IssuedItem:
    """A new item for ``question``, not yet stored.

    Passing the question's loaded ``fact`` lets the page render without reading it again."""
    item = IssuedItem(
        token=secrets.token_urlsafe(24),
        user_id=user.id,
        question_id=question.id,
        fact_id=question.fact_id,
        attempt_id=attempt_id,
        choice_order=choice_order_for(question, rng),
        hint_shown=False,
        issued_at=now,
    )
    item.question = question
    if fact is not None:
        item.fact = fact
    return item


def asked_step(state: MemoryState | None, today_step: int | None) -> int:
    """The ladder step to ask a fact in: today's if it was asked today, else the step
    its answers earned (capped by its stability), recognition for a new fact."""
    if today_step is not None:
        return today_step
    if state is None:
        return 0
    return min(state.form_step or 0, ladder_step(state.stability))


def question_for_fact(
    user: User,
    questions: Sequence[Question],
    state: MemoryState | None,
    today_step: int | None,
    allowed_kinds: Collection[str] | None = None,
) -> Question | None:
    """The ladder's question for a fact: its step, taking turns within the step."""
    return choose_question(
        questions,
        asked_step(state, today_step),
        prefers_self_grading=user.prefers_self_grading,
        rotation=state.reps if state else 0,
        allowed_kinds=allowed_kinds,
    )


def todays_steps(user: User, fact_ids: Iterable[int], now: datetime) -> dict[int, int]:
    """The ladder step each of these facts was last asked in today (learner's day)."""
    start, end = study_day(user, now)
    rows = db.session.execute(
        select(IssuedItem.fact_id, Question.kind)
        .join(Question, Question.id == IssuedItem.question_id)
        .where(
            IssuedItem.user_id == user.id,
            IssuedItem.fact_id.in_(list(fact_ids)),
            IssuedItem.issued_at >= start,
            IssuedItem.issued_at < end,
        )
        .order_by(IssuedItem.issued_at, IssuedItem.id)
    )
    return {fact_id: step_of_kind(kind) for fact_id, kind in rows}


@dataclass(frozen=True)
class StudyCard:
    """The item a study page shows, with everything the card renders."""

    item: IssuedItem
    state: MemoryState | None  # None: the learner meets this fact for the first time
    counts: SessionCounts

    @property
    def question(self) -> Question:
        return self.item.question

    @property
    def fact(self) -> Fact:
        return self.item.fact

    @property
    def is_first_meeting(self) -> bool:
        return self.state is None and self.item.attempt_id is None

    def is_ahead(self, now: datetime) -> bool:
        """Whether the card's fact is not due yet (new, or due later): a learn-ahead
        session serves facts come due first, and must not call those "not due yet"."""
        return self.state is None or as_utc(self.state.due) > now


@cache
def item_with_memory(
    by_token: bool, counts_scoped: bool | None = None, with_review: bool = False
) -> Select[*tuple[Any, ...]]:
    """One SELECT of the learner's item (by ``item_id`` or ``token`` parameter) with its
    question, fact, bank and memory state; with ``counts_scoped`` set, today's counts
    too (``queue.count_columns``); with ``with_review``, the answer given to it."""
    extra = [] if counts_scoped is None else list(count_columns(counts_scoped))
    query = (
        select(IssuedItem, MemoryState, *([Review] if with_review else []), *extra)
        .join(IssuedItem.question)
        .join(IssuedItem.fact)
        .join(Fact.bank)
        .outerjoin(
            MemoryState,
            and_(MemoryState.fact_id == IssuedItem.fact_id, MemoryState.user_id == LEARNER.id),
        )
        .where(
            IssuedItem.user_id == LEARNER.id,
            IssuedItem.token == bindparam("token")
            if by_token
            else IssuedItem.id == bindparam("item_id"),
        )
        .options(
            contains_eager(IssuedItem.question),
            contains_eager(IssuedItem.fact).contains_eager(Fact.bank),
        )
        .execution_options(populate_existing=True)
    )
    if with_review:
        query = query.join(
            Review, and_(Review.client_token == IssuedItem.token, Review.user_id == LEARNER.id)
        )
    if counts_scoped is not None:  # one row: today's answers, counted
        query = query.join(todays_answers(counts_scoped), true())
    return query


def study_card(
    user: User,
    scope: Scope,
    now: datetime,
    ahead: bool = False,
) -> tuple[StudyCard | None, SessionCounts]:
    """The card a study session shows now: the item waiting, else a fresh one for the
    next fact; no card when nothing is left for today. Also today's counts."""
    counts = session_counts(user, scope, now)
    if counts.waiting_item_id is not None:
        row = db.session.execute(
            item_with_memory(by_token=False),
            {"who": user.id, "item_id": counts.waiting_item_id},
        ).one()
        return StudyCard(row[0], row[1], counts), counts
    choice = choose_next_fact(user, scope, now, counts, ahead=ahead)
    if choice is None:
        return None, counts
    question = question_for_fact(user, choice.questions, choice.state, choice.today_step)
    if question is None:  # the queue only serves facts with an active question
        return None, counts
    start_writing()
    item = new_item(user, question, now, fact=choice.fact)
    store_new(item)
    commit_keeping_loaded()
    return StudyCard(item, choice.state, counts), counts


def current_study_item(
    user: User, scope: Scope, now: datetime, ahead: bool = False
) -> IssuedItem | None:
    """The item a study session shows now (see ``study_card``)."""
    card, _counts = study_card(user, scope, now, ahead=ahead)
    return card.item if card else None


def item_for_user(user: User, token: str) -> IssuedItem | None:
    """The learner's own item with this token; another learner's token finds nothing."""
    return db.session.scalar(
        select(IssuedItem).where(IssuedItem.token == token, IssuedItem.user_id == user.id)
    )
