"""What a study session serves next, and the counts its pages show.

Order: facts due now, then facts never seen, in story order. Within each, the banks a
learner's class assigned for study come first; due facts go least likely recalled
first (``scheduling.forgetting_order``, computed in the query). New facts are limited
per day, counted by the learner's own calendar day, from two budgets. A study
assignment's budget (the teacher's, default 10) pays for new facts of the assigned banks
met since the assignment reached the learner (it was given, or they joined the class);
the learner's own limit pays for every other new fact and serves the banks not assigned.
So facts of a bank met on the learner's own before it was assigned do not spend the
assignment's budget, and what was assigned today can always be started today.

Everything a page needs is read in few statements: ``session_counts`` is one SELECT of
scalar subqueries, and ``choose_next_fact`` picks the fact and loads its questions,
memory and today's form in another. The statements are built once per shape and bound
to the learner, the scope and the time by parameters, so a request pays for running
them, not for assembling them. Facts that were retired, or have no active question,
are never served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    distinct,
    exists,
    func,
    literal_column,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import aliased, contains_eager

from ..banks.access import visible_bank_ids
from ..database import run_core
from ..extensions import db
from ..models import (
    MAX_ASSIGNMENT_NEW_PER_DAY,
    Assignment,
    Bank,
    Classroom,
    Enrollment,
    Fact,
    IssuedItem,
    MemoryState,
    Question,
    Review,
    User,
    UTCDateTime,
)
from ..scheduling import forgetting_order
from ..sqltime import as_epoch_days, epoch_days
from ..timeutil import day_bounds
from .ladder import step_of_kind
from .study_day import study_day

# Stand-ins bound at execution: the learner, the scope's bank, now and the learner's day.
LEARNER = SimpleNamespace(id=bindparam("who", type_=Integer))
_SLUG = bindparam("slug", type_=String)
_NOW = bindparam("now", type_=UTCDateTime())
_NOW_DAYS = bindparam("now_days", type_=Float)
_DAY_START = bindparam("day_start", type_=UTCDateTime())
_DAY_END = bindparam("day_end", type_=UTCDateTime())
_MIDNIGHT = bindparam("midnight", type_=UTCDateTime())  # the calendar day's end
_OWN_CAP = bindparam("own_cap", type_=Integer)
_UNDO_SINCE = bindparam("undo_since", type_=UTCDateTime())
_SOON = bindparam("soon", type_=UTCDateTime())  # now + LEARN_AHEAD

# Anki's learn-ahead limit: with nothing due or new left, a fact due within this long is
# asked now. Else the session ended on "your next review is in 8 min": a learner who left
# then met the fact they had just got wrong (back in 10 minutes) only the next day, and
# one who studies at the same hour each day found the facts answered a few minutes into
# yesterday's session not due yet (Anki counts them due today).
LEARN_AHEAD = timedelta(minutes=20)

# How long past the end of its study day an answer can still be taken back: one given
# just before midnight is taken back just after, as the learner is still at it.
UNDO_GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class Scope:
    """The banks a session draws from: every bank the learner may see, or the one with
    this slug (a slug the learner may not see gives an empty scope). ``extra_new``: new
    facts allowed today beyond both budgets ("Study more new facts", a batch at a time)."""

    slug: str | None = None
    extra_new: int = 0


def bank_scope(user: User, bank: Bank | None = None) -> Scope:
    """All the banks ``user`` may see, or one of them."""
    return Scope(bank.slug if bank is not None else None)


def bank_scope_by_slug(user: User, slug: str | None, extra_new: int = 0) -> Scope:
    return Scope(slug or None, max(extra_new, 0))


def query_params(user: User, scope: Scope, now: datetime) -> dict[str, Any]:
    """The values of the statements' parameters for this learner, scope and moment."""
    start, end = study_day(user, now)
    return {
        "undo_since": _undo_since(start, now),
        "who": user.id,
        "slug": scope.slug,
        "now": now,
        "now_days": as_epoch_days(now),
        "soon": now + LEARN_AHEAD,
        "day_start": start,
        "day_end": end,
        "own_cap": max(user.daily_new_limit + scope.extra_new, 1),
    }


def undo_since(user: User, now: datetime) -> datetime:
    """The earliest answer ``user`` may still take back at ``now``: one of their study
    day (or of the last ``UNDO_GRACE``), as Anki's undo lasts the session. An answer of
    days ago, offered on the first card after a break, would rewrite that day's history
    and the fact's schedule."""
    return _undo_since(study_day(user, now)[0], now)


def _undo_since(day_start: datetime, now: datetime) -> datetime:
    return min(day_start, now - UNDO_GRACE)


def _bank_ids(scoped: bool, assigned: bool | None = None) -> Select[int]:
    """The banks in scope; with ``assigned`` only those assigned for study to one of the
    learner's classes (True) or only the others (False).

    Narrowing by bank rather than testing each fact lets a count or a search of new facts
    walk the facts of the right banks only (none at all for a learner without a class)."""
    ids = visible_bank_ids(LEARNER)  # type: ignore[arg-type]
    if scoped:
        ids = ids.where(Bank.slug == _SLUG)
    if assigned is None:
        return ids
    return ids.where(
        Bank.id.in_(_assigned_bank_ids()) if assigned else Bank.id.not_in(_assigned_bank_ids())
    )


def _askable(bank_ids: Select[int]) -> list[ColumnElement[bool]]:
    """Conditions for a fact worth serving: active, in scope, with an active question."""
    return [
        # "= true" ("= 1" on SQLite), which an index can seek; "IS 1" it cannot.
        Fact.active == true(),
        Fact.bank_id.in_(bank_ids),
        exists().where(Question.fact_id == Fact.id, Question.active == true()),
    ]


def _current_class() -> tuple[ColumnElement[bool], ...]:
    """The assignment's class is current: an archived class (its term over) sets no new
    facts, so its banks are served, and paid for, as the learner's own (a probe of the
    class by its primary key)."""
    return (Classroom.id == Assignment.classroom_id, Classroom.archived_at.is_(None))


def _assigned_bank_ids() -> Select[Any]:
    """The banks assigned for study to a current class the learner is in."""
    return (
        select(Assignment.bank_id)
        .join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
        .where(
            Enrollment.student_id == LEARNER.id,
            Assignment.as_quiz.is_(False),
            *_current_class(),
        )
    )


def _assigned() -> ColumnElement[bool]:
    """The fact's bank is assigned for study to a class the learner is in."""
    return Fact.bank_id.in_(_assigned_bank_ids())


def _paid_by_assignment() -> ColumnElement[bool]:
    """A review (of a fact) spends a study assignment's budget: the fact's bank is
    assigned for study to a current class of the learner, and was when the review was made
    (after the assignment was given and after the learner joined that class). Facts
    met before the assignment reached the learner were their own choice, paid by their
    own limit."""
    return exists().where(
        Assignment.bank_id == Fact.bank_id,
        Assignment.as_quiz.is_(False),
        Assignment.created_at <= Review.reviewed_at,
        Enrollment.classroom_id == Assignment.classroom_id,
        Enrollment.student_id == LEARNER.id,
        Enrollment.joined_at <= Review.reviewed_at,
        *_current_class(),
    )


def _never_answered() -> ColumnElement[bool]:
    return ~exists().where(MemoryState.user_id == LEARNER.id, MemoryState.fact_id == Fact.id)


def _one(query: Select[*tuple[Any, ...]]) -> Any:
    """A scalar subquery that never borrows tables from the statement it sits in."""
    return query.correlate(None).scalar_subquery()


# --- Counts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionCounts:
    """Today's study figures for one learner and scope, read in one statement."""

    done_today: int  # study answers today (learner's day), in scope
    right_today: int
    due_now: int
    new_today_own: int  # facts first met today in study, paid by the learner's own limit
    new_today_assigned: int  # the same, paid by a study assignment's budget
    unseen_own: int  # facts in scope never answered (counted up to the own daily limit)
    unseen_assigned: int  # (counted up to MAX_ASSIGNMENT_NEW_PER_DAY)
    own_limit: int
    assigned_limit: int  # the largest budget of the learner's study assignments; 0 if none
    waiting_item_id: int | None  # an item shown today and not answered yet
    last_token: str | None  # the learner's last answer, for "Undo" (``undo_since``)
    last_mode: str | None  # its mode ("study", "quiz"), None when its fact is out of scope
    next_due: datetime | None  # the soonest fact due after now, in scope
    # Facts due after now, within ``LEARN_AHEAD``: asked once nothing else is left.
    due_soon: int = 0
    extra_new: int = 0  # new facts allowed today beyond both budgets (``Scope.extra_new``)

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
    def met_beyond_limits(self) -> int:
        """New facts met today past their budget ("Study more new facts", learn ahead)."""
        own = max(0, self.new_today_own - self.own_limit)
        return own + max(0, self.new_today_assigned - self.assigned_limit)

    @property
    def extra_left(self) -> int:
        """New facts the session's extra batch still serves, beyond both budgets."""
        return max(0, min(self.extra_new - self.met_beyond_limits, self.unseen - self.new_left))

    @property
    def new_today(self) -> int:
        return self.new_today_own + self.new_today_assigned

    @property
    def unseen(self) -> int:
        return self.unseen_own + self.unseen_assigned

    @property
    def undo_token(self) -> str | None:
        """Only a study answer can be taken back, only the last one, and only in a session
        whose scope holds it."""
        return self.last_token if self.last_mode == "study" else None

    def position(self, answered: bool = False) -> tuple[int, int]:
        """(number, total) of the item on screen in today's session: "3 of 12".

        Before its answer the item is one of the ``remaining``; after, one of ``done``."""
        number = self.done_today if answered else self.done_today + 1
        total = self.done_today + self.due_now + self.due_soon + self.new_left + self.extra_left
        return number, max(total, number)


def _study_reviews_today() -> list[ColumnElement[bool]]:
    return [
        Review.user_id == LEARNER.id,
        Review.mode == "study",
        Review.reviewed_at >= _DAY_START,
        Review.reviewed_at < _DAY_END,
    ]


def _first_meeting() -> ColumnElement[bool]:
    """A review that met its fact for the first time: it had no memory state before."""
    return Review.state_before.is_(None)


def _unseen(scoped: bool, assigned: bool, cap: Any) -> Any:
    """Facts in scope never answered, counted up to ``cap``: a page needs to know no more
    than a day's worth, and stopping there keeps the count flat in bank size."""
    facts = (
        select(Fact.id)
        .where(_never_answered(), *_askable(_bank_ids(scoped, assigned)))
        .limit(cap)
        .subquery()
    )
    return _one(select(func.count()).select_from(facts))


def _waiting_item_id(bank_ids: Select[int]) -> Any:
    """The item shown today and not answered yet, in scope. Not one whose fact was
    answered since it was issued: two pages opened at one moment (two tabs) can each
    issue an item for the same fact, and once one is answered the other would ask the
    fact again at once."""
    answered_since = exists().where(
        Review.user_id == LEARNER.id,
        Review.fact_id == IssuedItem.fact_id,
        Review.reviewed_at >= IssuedItem.issued_at,
    )
    return _one(
        select(IssuedItem.id)
        .join(Fact, Fact.id == IssuedItem.fact_id)
        .join(Question, Question.id == IssuedItem.question_id)
        .where(
            IssuedItem.user_id == LEARNER.id,
            IssuedItem.attempt_id.is_(None),
            IssuedItem.used_at.is_(None),
            IssuedItem.issued_at >= _DAY_START,
            Fact.active.is_(True),
            Fact.bank_id.in_(bank_ids),
            Question.active.is_(True),
            ~answered_since,
        )
        .order_by(IssuedItem.issued_at.desc(), IssuedItem.id.desc())
        .limit(1)
    )


def _last_review(column: Any) -> Any:
    """The learner's last answer (its ``column``), if it can still be taken back."""
    return _one(
        select(column)
        .where(Review.user_id == LEARNER.id, Review.reviewed_at >= _UNDO_SINCE)
        .order_by(Review.reviewed_at.desc(), Review.id.desc())
        .limit(1)
    )


@cache
def todays_answers(scoped: bool) -> Any:
    """Today's study answers counted in one pass (a one-row derived table): those in
    scope and those right, and the facts met for the first time (a first review has no
    state before), by the budget that paid for them, in every bank."""
    in_scope = Fact.bank_id.in_(_bank_ids(scoped))
    first_meeting = _first_meeting()
    in_assigned = _paid_by_assignment()
    return (
        select(
            func.count(Review.id).filter(in_scope).label("done_today"),
            func.count(Review.id).filter(in_scope, Review.correct.is_(True)).label("right_today"),
            func.count(distinct(Review.fact_id))
            .filter(first_meeting, ~in_assigned)
            .label("new_today_own"),
            func.count(distinct(Review.fact_id))
            .filter(first_meeting, in_assigned)
            .label("new_today_assigned"),
        )
        .join(Fact, Fact.id == Review.fact_id)
        .where(*_study_reviews_today())
        .subquery("todays_answers")
    )


def _due_soon() -> list[ColumnElement[bool]]:
    """Conditions for a fact due after now, within ``LEARN_AHEAD``."""
    return [MemoryState.due > _NOW, MemoryState.due <= _SOON]


def _askable_states(scoped: bool) -> Select[int]:
    """The learner's memory states of facts in scope worth serving (``_askable``)."""
    return (
        select(MemoryState.id)
        .join(Fact, Fact.id == MemoryState.fact_id)
        .where(MemoryState.user_id == LEARNER.id, *_askable(_bank_ids(scoped)))
    )


@cache
def count_columns(scoped: bool) -> tuple[Any, ...]:
    """The columns of ``SessionCounts`` (all but ``own_limit``): today's answers (from
    ``todays_answers``, which a statement selecting them joins) and scalar subqueries, to
    select on their own or next to an entity in one statement (``query_params`` binds
    them)."""
    bank_ids = _bank_ids(scoped)
    today = todays_answers(scoped).c
    states = _askable_states(scoped)
    return (
        today.done_today,
        today.right_today,
        _one(
            states.where(MemoryState.due <= _NOW).with_only_columns(func.count(MemoryState.id))
        ).label("due_now"),
        today.new_today_own,
        today.new_today_assigned,
        _unseen(scoped, False, _OWN_CAP).label("unseen_own"),
        # Counted only for a learner with study assignments (PostgreSQL would otherwise
        # walk the bank before finding there is no assigned bank to count in).
        case(
            (exists(_assigned_bank_ids()), _unseen(scoped, True, MAX_ASSIGNMENT_NEW_PER_DAY)),
            else_=0,
        ).label("unseen_assigned"),
        _one(
            select(func.max(Assignment.daily_new_limit))
            .join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
            .where(
                Enrollment.student_id == LEARNER.id,
                Assignment.as_quiz.is_(False),
                *_current_class(),
            )
        ).label("assigned_limit"),
        _waiting_item_id(bank_ids).label("waiting_item_id"),
        _last_review(Review.client_token).label("last_token"),
        # Its mode only when its fact is in scope: one bank's session never offers to take
        # back an answer given in another (unseen, and not the question it then shows).
        # (A probe of the one fact's row, not a set of every fact in scope.)
        _last_review(
            case(
                (
                    exists().where(Fact.id == Review.fact_id, Fact.bank_id.in_(bank_ids)),
                    Review.mode,
                )
            )
        ).label("last_mode"),
        _one(states.where(*_due_soon()).with_only_columns(func.count(MemoryState.id))).label(
            "due_soon"
        ),
        # The soonest along the (user, due) index: no walk of every state due later.
        _one(
            states.where(MemoryState.due > _NOW)
            .with_only_columns(MemoryState.due)
            .order_by(MemoryState.due)
            .limit(1)
        ).label("next_due"),
    )


def counts_from_row(user: User, row: Any, scope: Scope) -> SessionCounts:
    """``SessionCounts`` from a row holding the ``count_columns`` for ``scope``."""
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
        due_soon=values["due_soon"] or 0,
        extra_new=scope.extra_new,
    )


@cache
def _counts_statement(scoped: bool) -> Select[*tuple[Any, ...]]:
    return select(*count_columns(scoped)).select_from(todays_answers(scoped))


def session_counts(user: User, scope: Scope, now: datetime) -> SessionCounts:
    """Today's figures for the learner's session, in one statement."""
    row = run_core(_counts_statement(scope.slug is not None), query_params(user, scope, now))
    return counts_from_row(user, row.one(), scope)


# --- The next fact ----------------------------------------------------------------------


@dataclass(frozen=True)
class FactChoice:
    """The fact to ask next, with what choosing its question needs."""

    fact: Fact
    questions: list[Question]  # its active questions, bank fact loaded
    state: MemoryState | None  # None for a fact never answered
    today_step: int | None  # the ladder step it was already asked in today, if any


# Kinds of candidate, in the order they are served; "new" narrows by whose budget allows.
# SOON: a fact due within ``LEARN_AHEAD``.
DUE, NEW_ANY, NEW_OWN, NEW_ASSIGNED, UPCOMING, NEW_BEYOND, SOON = range(7)


# Past any day since 1970 in ``epoch_days``: ranks facts answered today after the others.
_AFTER_EVERY_DUE_DAY = 1e6


def _ahead_rank() -> ColumnElement[float]:
    """Learning ahead, the fact due soonest first, but the facts answered today after the
    others, the one answered longest ago first. A fact learned ahead waits its days again
    from now, often still the soonest due of all: served by due alone, it came back on
    every card, the one fact asked over and over."""
    answered_today = MemoryState.last_review >= _DAY_START
    return case(
        (answered_today, _AFTER_EVERY_DUE_DAY + epoch_days(MemoryState.last_review)),
        else_=epoch_days(MemoryState.due),
    )


def _branch(kind: int, scoped: bool) -> Select[*tuple[Any, ...]]:
    """The best candidate of one kind (one row at most)."""
    tier = {DUE: 0, NEW_ANY: 1, NEW_OWN: 1, NEW_ASSIGNED: 1, UPCOMING: 2, SOON: 2}.get(kind, 3)
    zero: ColumnElement[Any] = literal_column("0.0")
    soonest = epoch_days(MemoryState.due)
    rank = {DUE: -forgetting_order(_NOW_DAYS), UPCOMING: _ahead_rank(), SOON: soonest}.get(
        kind, zero
    )
    # New facts of one budget come from that budget's banks only, all alike in rank.
    assigned = {NEW_OWN: False, NEW_ASSIGNED: True}.get(kind)
    bank_ids = _bank_ids(scoped, assigned)
    assigned_rank: ColumnElement[int] = (
        case((_assigned(), 1), else_=0)
        if assigned is None
        else literal_column(str(int(assigned)), Integer)
    )
    columns = select(
        Fact.id.label("fact_id"),
        literal_column(str(tier), Integer).label("tier"),
        assigned_rank.label("assigned"),
        rank.label("rank"),
        Fact.bank_id.label("bank_id"),
        Fact.position.label("position"),
    )
    if kind in (DUE, UPCOMING, SOON):
        query = (
            columns.select_from(MemoryState)
            .join(Fact, Fact.id == MemoryState.fact_id)
            .where(
                MemoryState.user_id == LEARNER.id,
                *_askable(bank_ids),
                MemoryState.due <= _NOW if kind == DUE else MemoryState.due > _NOW,
            )
        )
        if kind == SOON:
            query = query.where(MemoryState.due <= _SOON)
    else:
        query = columns.where(_never_answered(), *_askable(bank_ids))
    # A constant cannot sort (and need not).
    ranked = [rank] if kind in (DUE, UPCOMING, SOON) else []
    by_assignment = [assigned_rank.desc()] if assigned is None else []
    order = [*by_assignment, *ranked, Fact.bank_id, Fact.position, Fact.id]
    best = query.order_by(*order).limit(1)
    return select(best.subquery())


@cache
def _next_fact_statement(kinds: tuple[int, ...], scoped: bool) -> Select[*tuple[Any, ...]]:
    """The chosen fact's active questions, its memory and today's form, in one SELECT."""
    candidates = union_all(*(_branch(kind, scoped) for kind in kinds)).subquery()
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
    asked = aliased(Question)
    today_kind = (
        select(asked.kind)
        .select_from(IssuedItem)
        .join(asked, asked.id == IssuedItem.question_id)
        .where(
            IssuedItem.user_id == LEARNER.id,
            IssuedItem.fact_id == Question.fact_id,
            IssuedItem.issued_at >= _DAY_START,
            IssuedItem.issued_at < _DAY_END,
        )
        .order_by(IssuedItem.issued_at.desc(), IssuedItem.id.desc())
        .limit(1)
        .correlate(Question)
        .scalar_subquery()
    )
    return (
        select(Question, MemoryState, today_kind.label("today_kind"))
        .join(Question.fact)
        .join(Fact.bank)
        .outerjoin(
            MemoryState,
            and_(MemoryState.fact_id == Question.fact_id, MemoryState.user_id == LEARNER.id),
        )
        .where(Question.fact_id == pick, Question.active.is_(True))
        .options(contains_eager(Question.fact).contains_eager(Fact.bank))
        .order_by(Question.position, Question.id)
        .execution_options(populate_existing=True)
    )


def _candidate_kinds(counts: SessionCounts, ahead: bool) -> tuple[int, ...]:
    """Which kinds of candidate the counts say are worth looking for."""
    kinds = []
    if counts.due_now > 0:
        kinds.append(DUE)
    # Counts were read a moment ago; with a single due fact left, have a new one ready too.
    if counts.due_now <= 1 and counts.unseen > 0:
        if counts.extra_left > 0 or (counts.new_left_own > 0 and counts.new_left_assigned > 0):
            kinds.append(NEW_ANY)
        elif counts.new_left_own > 0:
            kinds.append(NEW_OWN)
        elif counts.new_left_assigned > 0:
            kinds.append(NEW_ASSIGNED)
    if ahead:
        kinds += [UPCOMING, NEW_BEYOND]
    elif counts.due_soon > 0:
        kinds.append(SOON)
    return tuple(kinds)


def choose_next_fact(
    user: User,
    scope: Scope,
    now: datetime,
    counts: SessionCounts,
    ahead: bool = False,
) -> FactChoice | None:
    """The fact to ask now with its questions and memory (one statement), or None when
    the session is done for today.

    With ``ahead`` (learn ahead) a finished session goes on with the fact due soonest,
    or, when the learner has nothing scheduled, one more new fact beyond the limit. The
    scope's ``extra_new`` ("Study more new facts") serves that many beyond both budgets."""
    kinds = _candidate_kinds(counts, ahead)
    if not kinds:
        return None
    rows = db.session.execute(
        _next_fact_statement(kinds, scope.slug is not None), query_params(user, scope, now)
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


def next_fact(user: User, scope: Scope, now: datetime, ahead: bool = False) -> FactChoice | None:
    """The fact a session would serve now (counts and choice: two statements)."""
    return choose_next_fact(user, scope, now, session_counts(user, scope, now), ahead)


def due_fact_ids(user: User, scope: Scope, now: datetime) -> list[int]:
    """Every fact due now, in the order the session serves them."""
    bank_ids = _bank_ids(scope.slug is not None)
    query = (
        select(Fact.id)
        .select_from(MemoryState)
        .join(Fact, Fact.id == MemoryState.fact_id)
        .where(MemoryState.user_id == LEARNER.id, MemoryState.due <= _NOW, *_askable(bank_ids))
        .order_by(
            case((_assigned(), 0), else_=1),
            forgetting_order(_NOW_DAYS).desc(),
            Fact.bank_id,
            Fact.position,
            Fact.id,
        )
    )
    return list(db.session.scalars(query, query_params(user, scope, now)))


def new_left_today(user: User, now: datetime) -> int:
    """New facts a session over every bank will still serve today: what both budgets
    allow, each capped by the facts still new in the banks it serves. The same count as
    the study card's "N of M" and the done page, so the home page promises no more than
    the session keeps."""
    return session_counts(user, Scope(), now).new_left


def summary(user: User, scope: Scope, now: datetime) -> SessionCounts:
    """Counts for the home page and the end of a session."""
    return session_counts(user, scope, now)


def facts_met_today(user: User, scope: Scope, now: datetime) -> int:
    """Facts the learner met for the first time today in this scope. ``SessionCounts``
    counts them in every bank, as the daily budget needs; a bank's done page shows them
    beside that bank's items, so it counts them in the same scope (read once a session,
    not on every card)."""
    query = (
        select(func.count(distinct(Review.fact_id)))
        .join(Fact, Fact.id == Review.fact_id)
        .where(
            *_study_reviews_today(),
            _first_meeting(),
            Fact.bank_id.in_(_bank_ids(scope.slug is not None)),
        )
    )
    return db.session.scalar(query, query_params(user, scope, now)) or 0


def due_later_today(user: User, scope: Scope, now: datetime) -> int:
    """Facts in scope that come back after now and before the learner's midnight (a
    relearning step, a short first wait): the done page counts them, as Anki shows its
    cards still to learn today (read once a session, not on every card).

    The calendar's midnight, not the study day's end: after a move west the study day
    runs on into the new zone's tomorrow, where the next review's words ("tomorrow
    morning") and the home page's "more later today" put a fact due then."""
    query = _later_today_statement(scope.slug is not None)
    midnight = day_bounds(now, user.time_zone)[1]
    return db.session.scalar(query, {**query_params(user, scope, now), "midnight": midnight}) or 0


@cache
def _later_today_statement(scoped: bool) -> Select[int]:
    return (
        _askable_states(scoped)
        .where(MemoryState.due > _NOW, MemoryState.due < _MIDNIGHT)
        .with_only_columns(func.count(MemoryState.id))
    )


def askable_fact_count(user: User, scope: Scope) -> int:
    """How many facts the scope can serve at all (seen or not)."""
    query = select(func.count(Fact.id)).where(*_askable(_bank_ids(scope.slug is not None)))
    return db.session.scalar(query, {"who": user.id, "slug": scope.slug}) or 0
