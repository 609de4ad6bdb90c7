"""What a study session serves next: facts due now (least likely recalled first), then
new facts up to the learner's daily limit, counted by their own calendar day.

A session covers the banks a learner can see, or one of them. Facts that were retired,
or have no active question, are never served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, distinct, exists, func, select
from sqlalchemy.orm import joinedload

from ..banks.access import visible_bank_ids
from ..extensions import db
from ..models import Bank, Fact, MemoryState, Question, Review, User
from ..scheduling import recall_chance, retrievability
from ..timeutil import day_bounds


def bank_scope(user: User, bank: Bank | None = None) -> Select[tuple[int]]:
    """The ids of the banks a session draws from: all the learner may see, or one of them."""
    query = visible_bank_ids(user)
    return query if bank is None else query.where(Bank.id == bank.id)


def _askable(bank_ids: Select[tuple[int]]) -> list[ColumnElement[bool]]:
    """Conditions for a fact worth serving: active, in scope, with an active question."""
    return [
        Fact.active.is_(True),
        Fact.bank_id.in_(bank_ids),
        exists().where(Question.fact_id == Fact.id, Question.active.is_(True)),
    ]


@dataclass(frozen=True)
class NextFact:
    fact: Fact
    state: MemoryState | None  # None for a new fact


@dataclass(frozen=True)
class Summary:
    due_now: int
    new_left: int
    next_due: datetime | None


def due_states(user: User, bank_ids: Select[tuple[int]], now: datetime) -> list[MemoryState]:
    """Every fact due now, the one the learner is least likely to recall first."""
    states = db.session.scalars(
        select(MemoryState)
        .join(Fact, Fact.id == MemoryState.fact_id)
        .where(MemoryState.user_id == user.id, MemoryState.due <= now, *_askable(bank_ids))
        .options(joinedload(MemoryState.fact))
    ).all()
    return sorted(states, key=lambda state: (retrievability(state, now), state.due, state.id))


def most_urgent_due_state(
    user: User, bank_ids: Select[tuple[int]], now: datetime
) -> MemoryState | None:
    """The due fact least likely to be recalled, loading only the columns that decide it
    (a learner back from a long break can have hundreds due)."""
    rows = db.session.execute(
        select(MemoryState.id, MemoryState.stability, MemoryState.last_review, MemoryState.due)
        .join(Fact, Fact.id == MemoryState.fact_id)
        .where(MemoryState.user_id == user.id, MemoryState.due <= now, *_askable(bank_ids))
    ).all()
    if not rows:
        return None
    best = min(
        rows, key=lambda row: (recall_chance(row.stability, row.last_review, now), row.due, row.id)
    )
    return db.session.get(MemoryState, best.id, options=[joinedload(MemoryState.fact)])


def new_facts_today(user: User, now: datetime) -> int:
    """How many facts the learner met for the first time in a study session today (their day).

    A first review is the one with no memory state before it."""
    start, end = day_bounds(now, user.time_zone)
    return (
        db.session.scalar(
            select(func.count(distinct(Review.fact_id))).where(
                Review.user_id == user.id,
                Review.mode == "study",
                Review.state_before.is_(None),
                Review.reviewed_at >= start,
                Review.reviewed_at < end,
            )
        )
        or 0
    )


def new_left_today(user: User, now: datetime) -> int:
    return max(user.daily_new_limit - new_facts_today(user, now), 0)


def _never_answered(user: User) -> ColumnElement[bool]:
    return ~exists().where(MemoryState.user_id == user.id, MemoryState.fact_id == Fact.id)


def first_new_fact(user: User, bank_ids: Select[tuple[int]]) -> Fact | None:
    """The next fact never answered, in bank and story order."""
    return db.session.scalar(
        select(Fact)
        .where(_never_answered(user), *_askable(bank_ids))
        .order_by(Fact.bank_id, Fact.position, Fact.id)
        .limit(1)
    )


def _upcoming_state(user: User, bank_ids: Select[tuple[int]], now: datetime) -> MemoryState | None:
    return db.session.scalar(
        select(MemoryState)
        .join(Fact, Fact.id == MemoryState.fact_id)
        .where(MemoryState.user_id == user.id, MemoryState.due > now, *_askable(bank_ids))
        .order_by(MemoryState.due, MemoryState.id)
        .limit(1)
    )


def next_fact(
    user: User, bank_ids: Select[tuple[int]], now: datetime, ahead: bool = False
) -> NextFact | None:
    """The fact to ask now, or None when the session is done for today.

    With ``ahead`` (learn ahead) a finished session goes on with the fact due soonest,
    or, when the learner has nothing scheduled, one more new fact beyond the limit."""
    due = most_urgent_due_state(user, bank_ids, now)
    if due is not None:
        return NextFact(due.fact, due)
    if new_left_today(user, now) > 0:
        fact = first_new_fact(user, bank_ids)
        if fact is not None:
            return NextFact(fact, None)
    if ahead:
        upcoming = _upcoming_state(user, bank_ids, now)
        if upcoming is not None:
            return NextFact(upcoming.fact, upcoming)
        fact = first_new_fact(user, bank_ids)
        if fact is not None:
            return NextFact(fact, None)
    return None


def summary(user: User, bank_ids: Select[tuple[int]], now: datetime) -> Summary:
    """Counts for the home page and the "all done" page."""
    due_now = db.session.scalar(
        select(func.count(MemoryState.id))
        .join(Fact, Fact.id == MemoryState.fact_id)
        .where(MemoryState.user_id == user.id, MemoryState.due <= now, *_askable(bank_ids))
    )
    upcoming = _upcoming_state(user, bank_ids, now)
    unseen = db.session.scalar(
        select(func.count(Fact.id)).where(_never_answered(user), *_askable(bank_ids))
    )
    return Summary(
        due_now=due_now or 0,
        new_left=min(new_left_today(user, now), unseen or 0),
        next_due=upcoming.due if upcoming else None,
    )
