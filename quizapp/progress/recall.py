"""Retrievability computed by the database, so a page over a million memory states reads
a few aggregate rows instead of loading every state into Python.

The formula is the scheduler's own forgetting curve (FSRS-6, from ``scheduling``):
R = (1 + factor · t / S) ** -decay, with t the days since the last review as a
fraction (a fact reviewed yesterday evening has decayed by morning), S the stability,
and the decay the learner's own (fitted weights, else the default).
A state without a last review or stability has R = 0, as in ``fsrs``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, case, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from ..models import MemoryState, User, UTCDateTime
from ..scheduling import DECAY_WEIGHT, MATURE_STABILITY_DAYS, curve_factor, learner_decay

LEARNING_STATES = (1, 3)  # fsrs State.Learning and State.Relearning


class days_between(FunctionElement[float]):
    """``later - earlier`` in days, as a float, never negative."""

    type = Float()
    inherit_cache = True


@compiles(days_between, "postgresql")
def _days_between_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"GREATEST(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0, 0)"


@compiles(days_between)
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"MAX(julianday({later}) - julianday({earlier}), 0)"


def decay_column() -> ColumnElement[float]:
    """Each learner's decay as a column of ``users``: their fitted w[20], else the default
    (``scheduling.learner_decay`` in SQL)."""
    fitted = User.scheduler_parameters[DECAY_WEIGHT].as_float()
    return func.coalesce(fitted, literal(learner_decay(), Float))


def recall_at(
    now: datetime,
    state: type[MemoryState] = MemoryState,
    decay: float | ColumnElement[float] | None = None,
) -> ColumnElement[float]:
    """A memory state's retrievability at ``now`` (0 without a review), per row;
    ``state`` may be an alias of ``MemoryState`` (a CTE of some learners' states).

    ``decay``: the learner's (``scheduling.learner_decay``), or a column holding each
    row's learner's (``decay_column``); the default curve when None."""
    if isinstance(decay, ColumnElement):
        # fsrs's FACTOR = 0.9 ** (1 / DECAY) - 1, with fsrs's DECAY = -decay.
        factor: Any = func.power(literal(0.9, Float), -1.0 / decay) - 1
    else:
        decay = learner_decay() if decay is None else decay
        factor = curve_factor(decay)
    elapsed = days_between(literal(now, UTCDateTime), state.last_review)
    curve = func.power(1 + factor * elapsed / state.stability, -decay)
    return case((state.last_review.is_(None) | (state.stability <= 0), 0.0), else_=curve)


def is_mature(state: type[MemoryState] = MemoryState) -> ColumnElement[bool]:
    return state.stability >= MATURE_STABILITY_DAYS


def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """``COUNT(*) FILTER (WHERE condition)``, portable."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
