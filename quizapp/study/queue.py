"""What a study session serves next, and the counts its pages show.

Order: facts due now, then facts never seen, in story order. Within each, the banks a
learner's class assigned for study come first; due facts go least likely recalled
first (``scheduling.forgetting_order``, computed in the query). New facts are limited
per day, counted by the learner's own calendar day: the learner's own limit for banks
they chose, and each study assignment's budget (the teacher's, default 10) for the
assigned banks, so what was assigned today can always be started.

Everything a page needs is read in few statements: ``session_counts`` is one SELECT of
scalar subqueries, and ``choose_next_fact`` picks the fact and loads its questions,
memory and today's form in another. Facts that were retired, or have no active
question, are never served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    distinct,
    exists,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import aliased, contains_eager

from ..banks.access import visible_bank_ids
from ..extensions import db
from ..models import (
    Assignment,
    Bank,
    Enrollment,
    Fact,
    IssuedItem,
    MemoryState,
    Question,
    Review,
    User,
)
from ..scheduling import forgetting_order
from ..sqltime import epoch_days
from ..timeutil import day_bounds
from .ladder import step_of_kind


def bank_scope(user: User, bank: Bank | None = None) -> Select[tuple[int]]:
    """The ids of the banks a session draws from: all the learner may see, or one of them."""
    query = visible_bank_ids(user)
    return query if bank is None else query.where(Bank.id == bank.id)


def bank_scope_by_slug(user: User, slug: str | None) -> Select[tuple[int]]:
    """As ``bank_scope``, naming the bank by slug inside the query (no lookup of its own);
    a slug the learner may not see gives an empty scope."""
    query = visible_bank_ids(user)
    return query if not slug else query.where(Bank.slug == slug)


def _askable(bank_ids: Select[tuple[int]]) -> list[ColumnElement[bool]]:
    """Conditions for a fact worth serving: active, in scope, with an active question."""
    return [
        Fact.active.is_(True),
        Fact.bank_id.in_(bank_ids),
        exists().where(Question.fact_id == Fact.id, Question.active.is_(True)),
    ]


def study_assignment_banks(user: User) -> Select[tuple[int]]:
    """The banks the learner's classes assigned for study (quiz assignments are not)."""
    return (
        select(Assignment.bank_id)
        .join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
        .where(Enrollment.student_id == user.id, Assignment.as_quiz.is_(False))
    )


def _assigned(user: User) -> ColumnElement[bool]:
    return Fact.bank_id.in_(study_assignment_banks(user))


def _never_answered(user: User) -> ColumnElement[bool]:
    return ~exists().where(MemoryState.user_id == user.id, MemoryState.fact_id == Fact.id)


# --- Counts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionCounts:
    """Today's study figures for one learner and scope, read in one statement."""

    done_today: int  # study answers today (learner's day), in scope
    right_today: int
    due_now: int
    new_today_own: int  # facts first met today in study, banks not assigned for study
    new_today_assigned: int  # the same, in banks assigned for study
    unseen_own: int  # facts in scope never answered
    unseen_assigned: int
    own_limit: int
    assigned_limit: int  # the largest budget of the learner's study assignments; 0 if none
    waiting_item_id: int | None  # an item shown today and not answered yet
    last_token: str | None  # the learner's last answer, for "Undo"
    last_mode: str | None
    next_due: datetime | None  # the soonest fact due after now, in scope

    @property
    def new_left_own(self) -> int:
        return max(0, min(self.own_limit - self.new_today_own, self.unseen_own))

    @property
    def new_left_assigned(self) -> int:
        return max(0, min(self.assigned_limit - self.new_today_assigned, self.unseen_assigned))

    @property
    def new_left(self) -> int:
        return self.new_left_own + self.new_left_assigned

    @property
    def new_today(self) -> int:
        return self.new_today_own + self.new_today_assigned

    @property
    def unseen(self) -> int:
        return self.unseen_own + self.unseen_assigned

    @property
    def undo_token(self) -> str | None:
        """Only a study answer can be taken back, and only the last one."""
        return self.last_token if self.last_mode == "study" else None

    def position(self, answered: bool = False) -> tuple[int, int]:
        """(number, total) of the item on screen in today's session: "3 of 12".

        Before its answer the item is one of the ``remaining``; after, one of ``done``."""
        number = self.done_today if answered else self.done_today + 1
        total = self.done_today + self.due_now + self.new_left
        return number, max(total, number)


def _one(query: Select[Any]) -> Any:
    """A scalar subquery that never borrows tables from the statement it sits in."""
    return query.correlate(None).scalar_subquery()


def _study_reviews_today(user: User, start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    return [
        Review.user_id == user.id,
        Review.mode == "study",
        Review.reviewed_at >= start,
        Review.reviewed_at < end,
    ]


def _new_today(user: User, start: datetime, end: datetime, assigned: bool) -> Any:
    in_assigned = _assigned(user)
    return _one(
        select(func.count(distinct(Review.fact_id)))
        .join(Fact, Fact.id == Review.fact_id)
        .where(
            *_study_reviews_today(user, start, end),
            Review.state_before.is_(None),
            in_assigned if assigned else ~in_assigned,
        )
    )


def _unseen(user: User, bank_ids: Select[tuple[int]], assigned: bool) -> Any:
    in_assigned = _assigned(user)
    return _one(
        select(func.count(Fact.id)).where(
            _never_answered(user), *_askable(bank_ids), in_assigned if assigned else ~in_assigned
        )
    )


def _waiting_item_id(user: User, bank_ids: Select[tuple[int]], start: datetime) -> Any:
    return _one(
        select(IssuedItem.id)
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


def _last_review(user: User, column: Any) -> Any:
    return _one(
        select(column)
        .where(Review.user_id == user.id)
        .order_by(Review.reviewed_at.desc(), Review.id.desc())
        .limit(1)
    )


def count_columns(user: User, bank_ids: Select[tuple[int]], now: datetime) -> list[Any]:
    """The columns of ``SessionCounts`` (after ``own_limit``'s place) as scalar subqueries,
    to select on their own or next to an entity in one statement."""
    start, end = day_bounds(now, user.time_zone)
    today = _study_reviews_today(user, start, end)
    in_scope_reviews = select(func.count(Review.id)).join(Fact, Fact.id == Review.fact_id)
    in_scope = Fact.bank_id.in_(bank_ids)
    states = (
        select(MemoryState.id)
        .join(Fact, Fact.id == MemoryState.fact_id)
        .where(MemoryState.user_id == user.id, *_askable(bank_ids))
    )
    return [
        _one(in_scope_reviews.where(*today, in_scope)).label("done_today"),
        _one(in_scope_reviews.where(*today, in_scope, Review.correct.is_(True))).label(
            "right_today"
        ),
        _one(
            states.where(MemoryState.due <= now).with_only_columns(func.count(MemoryState.id))
        ).label("due_now"),
        _new_today(user, start, end, assigned=False).label("new_today_own"),
        _new_today(user, start, end, assigned=True).label("new_today_assigned"),
        _unseen(user, bank_ids, assigned=False).label("unseen_own"),
        _unseen(user, bank_ids, assigned=True).label("unseen_assigned"),
        _one(
            select(func.max(Assignment.daily_new_limit))
            .join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
            .where(Enrollment.student_id == user.id, Assignment.as_quiz.is_(False))
        ).label("assigned_limit"),
        _waiting_item_id(user, bank_ids, start).label("waiting_item_id"),
        _last_review(user, Review.client_token).label("last_token"),
        _last_review(user, Review.mode).label("last_mode"),
        _one(
            states.where(MemoryState.due > now).with_only_columns(func.min(MemoryState.due))
        ).label("next_due"),
    ]


def counts_from_row(user: User, row: Any) -> SessionCounts:
    """``SessionCounts`` from a row holding the ``count_columns``."""
    values = row._mapping
    return SessionCounts(
        done_today=values["done_today"] or 0,
        right_today=values["right_today"] or 0,
        due_now=values["due_now"] or 0,
        new_today_own=values["new_today_own"] or 0,
        new_today_assigned=values["new_today_assigned"] or 0,
        unseen_own=values["unseen_own"] or 0,
        unseen_assigned=values["unseen_assigned"] or 0,
        own_limit=user.daily_new_limit,
        assigned_limit=values["assigned_limit"] or 0,
        waiting_item_id=values["waiting_item_id"],
        last_token=values["last_token"],
        last_mode=values["last_mode"],
        next_due=values["next_due"],
    )


def session_counts(user: User, bank_ids: Select[tuple[int]], now: datetime) -> SessionCounts:
    """Today's figures for the learner's session, in one statement."""
    return counts_from_row(
        user, db.session.execute(select(*count_columns(user, bank_ids, now))).one()
    )


# --- The next fact ----------------------------------------------------------------------


@dataclass(frozen=True)
class FactChoice:
    """The fact to ask next, with what choosing its question needs."""

    fact: Fact
    questions: list[Question]  # its active questions, bank fact loaded
    state: MemoryState | None  # None for a fact never answered
    today_step: int | None  # the ladder step it was already asked in today, if any


def _branch(tier: int, assigned_rank: Any, rank: Any) -> Select[Any]:
    return select(
        Fact.id.label("fact_id"),
        literal_column(str(tier), Integer).label("tier"),
        assigned_rank.label("assigned"),
        rank.label("rank"),
        Fact.bank_id.label("bank_id"),
        Fact.position.label("position"),
    )


def _candidates(
    user: User,
    bank_ids: Select[tuple[int]],
    now: datetime,
    counts: SessionCounts,
    ahead: bool,
    more_new: bool,
) -> list[Select[Any]]:
    """One SELECT per kind of candidate, in the order they are served (``tier``)."""
    assigned_rank = case((_assigned(user), 1), else_=0)
    zero = literal_column("0.0")
    mine = and_(MemoryState.user_id == user.id, *_askable(bank_ids))
    due = (
        _branch(0, assigned_rank, -forgetting_order(now))
        .select_from(MemoryState)
        .join(Fact, Fact.id == MemoryState.fact_id)
        .where(mine, MemoryState.due <= now)
    )
    branches = [due]
    new_allowed = []
    if counts.new_left_own > 0:
        new_allowed.append(~_assigned(user))
    if counts.new_left_assigned > 0:
        new_allowed.append(_assigned(user))
    new = _branch(1, assigned_rank, zero).where(_never_answered(user), *_askable(bank_ids))
    if more_new or len(new_allowed) == 2:
        branches.append(new)
    elif new_allowed:
        branches.append(new.where(new_allowed[0]))
    if ahead:
        branches.append(
            _branch(2, assigned_rank, epoch_days(MemoryState.due))
            .select_from(MemoryState)
            .join(Fact, Fact.id == MemoryState.fact_id)
            .where(mine, MemoryState.due > now)
        )
        branches.append(new.with_only_columns(*_branch(3, assigned_rank, zero).selected_columns))
    return branches


def choose_next_fact(
    user: User,
    bank_ids: Select[tuple[int]],
    now: datetime,
    counts: SessionCounts,
    ahead: bool = False,
    more_new: bool = False,
) -> FactChoice | None:
    """The fact to ask now with its questions and memory (one statement), or None when
    the session is done for today.

    With ``ahead`` (learn ahead) a finished session goes on with the fact due soonest,
    or, when the learner has nothing scheduled, one more new fact beyond the limit. With
    ``more_new`` ("Study more new facts") new facts come beyond today's limits."""
    branches = _candidates(user, bank_ids, now, counts, ahead, more_new)
    candidates = union_all(*branches).subquery()
    pick = _one(
        select(candidates.c.fact_id)
        .order_by(
            candidates.c.tier,
            candidates.c.assigned.desc(),
            candidates.c.rank,
            candidates.c.bank_id,
            candidates.c.position,
            candidates.c.fact_id,
        )
        .limit(1)
    )
    start, end = day_bounds(now, user.time_zone)
    asked = aliased(Question)
    today_kind = (
        select(asked.kind)
        .select_from(IssuedItem)
        .join(asked, asked.id == IssuedItem.question_id)
        .where(
            IssuedItem.user_id == user.id,
            IssuedItem.fact_id == Question.fact_id,
            IssuedItem.issued_at >= start,
            IssuedItem.issued_at < end,
        )
        .order_by(IssuedItem.issued_at.desc(), IssuedItem.id.desc())
        .limit(1)
        .correlate(Question)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Question, MemoryState, today_kind.label("today_kind"))
        .join(Question.fact)
        .join(Fact.bank)
        .outerjoin(
            MemoryState,
            and_(MemoryState.fact_id == Question.fact_id, MemoryState.user_id == user.id),
        )
        .where(Question.fact_id == pick, Question.active.is_(True))
        .options(contains_eager(Question.fact).contains_eager(Fact.bank))
        .order_by(Question.position, Question.id)
        .execution_options(populate_existing=True)
    ).all()
    if not rows:
        return None
    questions = [row[0] for row in rows]
    kind = rows[0].today_kind
    return FactChoice(
        fact=questions[0].fact,
        questions=questions,
        state=rows[0][1],
        today_step=step_of_kind(kind) if kind else None,
    )


def next_fact(
    user: User, bank_ids: Select[tuple[int]], now: datetime, ahead: bool = False
) -> FactChoice | None:
    """The fact a session would serve now (counts and choice: two statements)."""
    return choose_next_fact(user, bank_ids, now, session_counts(user, bank_ids, now), ahead)


def due_fact_ids(user: User, bank_ids: Select[tuple[int]], now: datetime) -> list[int]:
    """Every fact due now, in the order the session serves them."""
    return list(
        db.session.scalars(
            select(Fact.id)
            .select_from(MemoryState)
            .join(Fact, Fact.id == MemoryState.fact_id)
            .where(MemoryState.user_id == user.id, MemoryState.due <= now, *_askable(bank_ids))
            .order_by(
                case((_assigned(user), 0), else_=1),
                forgetting_order(now).desc(),
                Fact.bank_id,
                Fact.position,
                Fact.id,
            )
        )
    )


def new_left_today(user: User, now: datetime) -> int:
    """New facts the learner's own daily limit still allows today (banks not assigned
    for study; those have their assignment's budget)."""
    start, end = day_bounds(now, user.time_zone)
    met = db.session.scalar(select(_new_today(user, start, end, assigned=False))) or 0
    return max(user.daily_new_limit - met, 0)


def summary(user: User, bank_ids: Select[tuple[int]], now: datetime) -> SessionCounts:
    """Counts for the home page and the end of a session."""
    return session_counts(user, bank_ids, now)


def askable_fact_count(bank_ids: Select[tuple[int]]) -> int:
    """How many facts the scope can serve at all (seen or not)."""
    return db.session.scalar(select(func.count(Fact.id)).where(*_askable(bank_ids))) or 0
