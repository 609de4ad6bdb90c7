"""Issuing items: a question shown to a learner, with its one-time token and its shuffle.

An item is issued once and shown until answered, so a reload shows the same options
in the same order. Items issued today also fix the form a fact is asked in for the
rest of the learner's day: two forms of one fact never both come up on one day.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Select, select

from ..extensions import db
from ..models import Fact, IssuedItem, MemoryState, Question, QuestionKind, User
from ..timeutil import day_bounds
from .ladder import choose_question
from .queue import next_fact

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


def issue_item(
    user: User,
    question: Question,
    now: datetime,
    attempt_id: int | None = None,
    rng: random.Random | None = None,
) -> IssuedItem:
    """A new item for ``question``, added to the session (the caller commits)."""
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
    db.session.add(item)
    return item


def todays_question(user: User, fact_id: int, now: datetime) -> Question | None:
    """The question this fact was already asked with today (learner's day), if any."""
    start, end = day_bounds(now, user.time_zone)
    return db.session.scalar(
        select(Question)
        .join(IssuedItem, IssuedItem.question_id == Question.id)
        .where(
            IssuedItem.user_id == user.id,
            IssuedItem.fact_id == fact_id,
            IssuedItem.issued_at >= start,
            IssuedItem.issued_at < end,
            Question.active.is_(True),
        )
        .order_by(IssuedItem.issued_at.desc(), IssuedItem.id.desc())
        .limit(1)
    )


def question_for_fact(
    user: User,
    fact: Fact,
    state: MemoryState | None,
    now: datetime,
    allowed_kinds: Collection[str] | None = None,
) -> Question | None:
    """Today's form of the fact if it has one, else the ladder's choice for its stability."""
    today = todays_question(user, fact.id, now)
    if today is not None and (allowed_kinds is None or today.kind in allowed_kinds):
        return today
    return choose_question(
        fact.questions,
        state.stability if state else None,
        prefers_self_grading=user.prefers_self_grading,
        rotation=state.reps if state else 0,
        allowed_kinds=allowed_kinds,
    )


def _waiting_study_item(
    user: User, bank_ids: Select[tuple[int]], now: datetime
) -> IssuedItem | None:
    """The item shown earlier today and not yet answered, so a reload shows it again."""
    start, _end = day_bounds(now, user.time_zone)
    return db.session.scalar(
        select(IssuedItem)
        .join(Fact, Fact.id == IssuedItem.fact_id)
        .join(Question, Question.id == IssuedItem.question_id)
        .where(
            IssuedItem.user_id == user.id,
            IssuedItem.attempt_id.is_(None),
            IssuedItem.used_at.is_(None),
            IssuedItem.issued_at >= start,
            Fact.active.is_(True),
            Fact.bank_id.in_(bank_ids),
            Question.active.is_(True),
        )
        .order_by(IssuedItem.issued_at.desc(), IssuedItem.id.desc())
        .limit(1)
    )


def current_study_item(
    user: User, bank_ids: Select[tuple[int]], now: datetime, ahead: bool = False
) -> IssuedItem | None:
    """The item a study session shows now: the one waiting, else a fresh one for the
    next fact in the queue; None when nothing is left for today."""
    waiting = _waiting_study_item(user, bank_ids, now)
    if waiting is not None:
        return waiting
    upcoming = next_fact(user, bank_ids, now, ahead=ahead)
    if upcoming is None:
        return None
    question = question_for_fact(user, upcoming.fact, upcoming.state, now)
    if question is None:  # the queue only serves facts with an active question
        return None
    item = issue_item(user, question, now)
    db.session.commit()
    return item


def item_for_user(user: User, token: str) -> IssuedItem | None:
    """The learner's own item with this token; another learner's token finds nothing."""
    return db.session.scalar(
        select(IssuedItem).where(IssuedItem.token == token, IssuedItem.user_id == user.id)
    )
