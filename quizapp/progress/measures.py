"""The two kinds of figure every progress page shows, each computed in one grouped query.

- **Measured**: the share of answers that were right in the last 30 days (from reviews).
- **Predicted**: the scheduler's mean retrievability now, over the facts last reviewed
  before today, on each learner's own forgetting curve (fitted weights included). A
  fact answered today is left out: its retrievability is 100% the moment after any
  answer, right or wrong, so counting it would report "100%" just after a session with
  many mistakes. Today's answers show in the measured figure.

Both come back per learner (``GROUP BY user_id``), so a class of 30 or 300 costs the
same statements as one learner, and nothing loads memory states as objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CTE, Select, case, func, literal, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import MemoryState, Review, User, UTCDateTime
from ..timeutil import day_bounds
from .recall import LEARNING_STATES, count_where, decay_column, is_mature, recall_at
from .scope import Learners

ACCURACY_WINDOW = timedelta(days=30)
ACTIVE_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class MemoryFigures:
    """One learner's memory states over the facts in view."""

    learned: int = 0  # facts with a memory state
    mature: int = 0
    learning: int = 0
    predicted_recall: float | None = None  # mean retrievability now, facts not seen today
    predicted_facts: int = 0  # how many facts that mean rests on


@dataclass(frozen=True)
class AnswerFigures:
    """One learner's answers in the window before ``end``."""

    answers: int = 0  # in the last 30 days
    right: int = 0
    recent: int = 0  # in the last 7 days

    @property
    def share_right(self) -> float | None:
        return self.right / self.answers if self.answers else None


def learners_rows(query: Select[*tuple[Any, ...]], name: str) -> CTE:
    """``query`` (rows of some learners) as a CTE the database must read first.

    A class's facts filter (``fact_id IN (facts of the class's banks)``) tempts
    PostgreSQL's planner into a nested loop over facts and the fact index of a table with
    10^7 rows; it misjudges how many rows that returns. Reading the learners' own rows
    first (by the user index) costs the same for a school of 10 or 1,000 students.
    """
    return query.cte(name).prefix_with("MATERIALIZED", dialect="postgresql")


# A fact answered this recently looks certain, whatever the calendar says: at 00:05 the
# facts missed at 23:50 are "before today", and would read as ~100 % recalled.
RECENT = timedelta(hours=8)


def prediction_cutoff(now: datetime, time_zone: str) -> datetime:
    """Facts last answered before this moment count in "predicted to recall today": the
    learner's midnight, or ``RECENT`` ago when that is earlier (just after midnight)."""
    return min(day_bounds(now, time_zone)[0], now - RECENT)


def todays_starts(time_zones: Iterable[str], now: datetime) -> dict[str, datetime]:
    """Per time zone, where the facts that count in a prediction end (``prediction_cutoff``)."""
    return {name: prediction_cutoff(now, name) for name in set(time_zones)}


def memory_figures(
    who: Learners, fact_ids: Select[int], now: datetime, today_starts: dict[str, datetime]
) -> dict[int, MemoryFigures]:
    """Per learner id: counts by stage and the predicted recall, in one statement.

    For a class (``ClassMembers``) a fact counts once its student answered it as a member
    (its last review is since joining); its stage and recall are the memory's own.
    "Today" is each learner's own (``today_starts``, by their time zone): a teacher's
    roster leaves out the facts each student answered since their midnight, as the
    student's page does, not since the teacher's."""
    states = learners_rows(
        who.keep(
            select(
                MemoryState.user_id,
                MemoryState.fact_id,
                MemoryState.state,
                MemoryState.stability,
                MemoryState.last_review,
                decay_column().label("decay"),
                User.time_zone.label("time_zone"),
            ).join(User, User.id == MemoryState.user_id),
            MemoryState.user_id,
            MemoryState.last_review,
        ),
        "learner_states",
    )
    state = aliased(MemoryState, states)
    # A learner whose zone was not looked up (it changed meanwhile): their day in UTC.
    utc_start = literal(prediction_cutoff(now, "UTC"), UTCDateTime())
    starts = {name: literal(start, UTCDateTime()) for name, start in today_starts.items()}
    today_start = case(starts, value=states.c.time_zone, else_=utc_start) if starts else utc_start
    seen_before_today = state.last_review < today_start
    recall = recall_at(now, state, states.c.decay)
    predicted = func.sum(case((seen_before_today, recall), else_=0.0))
    query = (
        select(
            state.user_id,
            func.count(),
            count_where(is_mature(state)),
            count_where(~is_mature(state) & state.state.in_(LEARNING_STATES)),
            predicted,
            count_where(seen_before_today),
        )
        .where(state.fact_id.in_(fact_ids))
        .group_by(state.user_id)
    )
    return {
        user_id: MemoryFigures(
            learned=int(learned),
            mature=int(mature),
            learning=int(learning),
            predicted_recall=float(recall_sum) / int(counted) if counted else None,
            predicted_facts=int(counted),
        )
        for user_id, learned, mature, learning, recall_sum, counted in db.session.execute(query)
    }


def answer_figures(
    who: Learners, fact_ids: Select[int] | None, end: datetime
) -> dict[int, AnswerFigures]:
    """Per learner id: answers and right answers in the 30 days before ``end``, and
    answers in the last 7, to ``fact_ids`` (None: to any fact). Reads only that window of
    the (user, time) index."""
    window = learners_rows(
        who.keep(
            select(Review.user_id, Review.fact_id, Review.correct, Review.reviewed_at).where(
                Review.reviewed_at >= end - ACCURACY_WINDOW, Review.reviewed_at < end
            ),
            Review.user_id,
            Review.reviewed_at,
        ),
        "learner_answers",
    )
    answer = aliased(Review, window)
    query = select(
        answer.user_id,
        func.count(),
        count_where(answer.correct.is_(True)),
        count_where(answer.reviewed_at >= end - ACTIVE_WINDOW),
    ).group_by(answer.user_id)
    if fact_ids is not None:
        query = query.where(answer.fact_id.in_(fact_ids))
    return {
        user_id: AnswerFigures(int(answers), int(right), int(recent))
        for user_id, answers, right, recent in db.session.execute(query)
    }
