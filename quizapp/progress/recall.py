"""Retrievability computed by the database, so a page over a million memory states reads
a few aggregate rows instead of loading every state into Python.

The formula is the scheduler's own forgetting curve (FSRS-6, from ``scheduling``):
R = (1 + factor · t / S) ** -decay, with t the days since the last review as a
fraction (a fact reviewed yesterday evening has decayed by morning), S the stability.
A state without a last review or stability has R = 0, as in ``fsrs``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, case, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from ..models import MemoryState, UTCDateTime
from ..scheduling import MATURE_STABILITY_DAYS, forgetting_curve

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


def recall_at(now: datetime, state: type[MemoryState] = MemoryState) -> ColumnElement[float]:
    """A memory state's retrievability at ``now`` (0 without a review), per row;
    ``state`` may be an alias of ``MemoryState`` (a CTE of some learners' states)."""
    factor, decay = forgetting_curve()
    elapsed = days_between(literal(now, UTCDateTime), state.last_review)
    curve = func.power(1 + factor * elapsed / state.stability, -decay)
    return case((state.last_review.is_(None) | (state.stability <= 0), 0.0), else_=curve)


def is_mature(state: type[MemoryState] = MemoryState) -> ColumnElement[bool]:
    return state.stability >= MATURE_STABILITY_DAYS


def count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """``COUNT(*) FILTER (WHERE condition)``, portable."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
