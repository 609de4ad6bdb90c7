"""The one place that talks to the ``fsrs`` library: memory state in, next due out.

Everything else speaks our own types: ``MemoryState`` rows (the card's fields as columns,
so the due queue can use an index) and our ``Rating``. Keeping ``fsrs`` behind this
module means a library upgrade touches one file.

fsrs 6.x facts this module relies on: datetimes must be aware UTC; a fresh ``Card`` is
``Learning`` step 0 and due now (there is no "new" state — for us "new" means "no
``MemoryState`` row yet"); ``review_card`` returns a new card and leaves its input alone.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from fsrs import Card, Scheduler, State
from fsrs import Rating as FsrsRating

from .models import MemoryState
from .timeutil import as_utc

DEFAULT_RETENTION = 0.90
MIN_RETENTION = 0.80
MAX_RETENTION = 0.97
# A fact remembered this steadily counts as "mature" (the same threshold Anki uses).
MATURE_STABILITY_DAYS = 21.0
# fsrs gives every card an id; ours are keyed by (user, fact), so a constant will do
# (and avoids the 1 ms sleep fsrs takes when it has to invent one).
_CARD_ID = 1


class Rating(enum.IntEnum):
    """How well a fact was recalled; the values are the four buttons, as in Anki."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def _scheduler(desired_retention: float, fuzz: bool) -> Scheduler:
    retention = min(max(desired_retention, MIN_RETENTION), MAX_RETENTION)
    return Scheduler(desired_retention=retention, enable_fuzzing=fuzz)


# Retrievability depends only on the model parameters, not on the desired retention.
_PLAIN_SCHEDULER = Scheduler(enable_fuzzing=False)


def _card(state: MemoryState | None, now: datetime) -> Card:
    if state is None:
        return Card(card_id=_CARD_ID, due=as_utc(now))
    return Card(
        card_id=_CARD_ID,
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=as_utc(state.due),
        last_review=as_utc(state.last_review) if state.last_review else None,
    )


def new_memory_state(user_id: int, fact_id: int, now: datetime) -> MemoryState:
    """An unsaved state for a fact the learner has never answered (fsrs's fresh card)."""
    card = _card(None, now)
    return MemoryState(
        user_id=user_id,
        fact_id=fact_id,
        state=int(card.state),
        step=card.step,
        stability=None,
        difficulty=None,
        due=card.due,
        last_review=None,
        reps=0,
        lapses=0,
    )


def apply_review(
    state: MemoryState,
    rating: Rating,
    now: datetime,
    desired_retention: float = DEFAULT_RETENTION,
) -> None:
    """Move ``state`` on by one answer rated ``rating`` at ``now`` (fuzzed, as in Anki)."""
    was_in_review = state.state == State.Review
    card, _log = _scheduler(desired_retention, fuzz=True).review_card(
        _card(state, now), FsrsRating(int(rating)), review_datetime=as_utc(now)
    )
    state.state = int(card.state)
    state.step = card.step
    state.stability = card.stability
    state.difficulty = card.difficulty
    state.due = card.due
    state.last_review = card.last_review
    state.reps = (state.reps or 0) + 1
    if was_in_review and rating == Rating.AGAIN:
        state.lapses = (state.lapses or 0) + 1


def preview_intervals(
    state: MemoryState | None, now: datetime, desired_retention: float = DEFAULT_RETENTION
) -> dict[Rating, timedelta]:
    """The wait each of the four buttons would lead to, shown on the buttons.

    fsrs has no preview, so each rating is tried on an unfuzzed scheduler (the real
    review adds a little fuzz, a day or so on long intervals)."""
    scheduler = _scheduler(desired_retention, fuzz=False)
    card = _card(state, now)
    moment = as_utc(now)
    return {
        rating: scheduler.review_card(card, FsrsRating(int(rating)), review_datetime=moment)[0].due
        - moment
        for rating in Rating
    }


def retrievability(state: MemoryState, now: datetime) -> float:
    """The predicted chance (0-1) that the learner recalls the fact at ``now``.

    fsrs counts whole days since the last review and gives 0 for a fact never reviewed."""
    return recall_chance(state.stability, state.last_review, now)


def recall_chance(stability: float | None, last_review: datetime | None, now: datetime) -> float:
    """``retrievability`` from the two columns it depends on, for queries that load only those."""
    card = Card(
        card_id=_CARD_ID,
        state=State.Review,
        stability=stability,
        last_review=as_utc(last_review) if last_review else None,
        due=as_utc(now),
    )
    return float(_PLAIN_SCHEDULER.get_card_retrievability(card, as_utc(now)))


def is_mature(state: MemoryState) -> bool:
    return (state.stability or 0.0) >= MATURE_STABILITY_DAYS


_SNAPSHOT_FIELDS = ("state", "step", "stability", "difficulty", "reps", "lapses")


def snapshot(state: MemoryState) -> dict[str, Any]:
    """Every scheduling column of ``state`` as JSON, so an undo can put it back exactly."""
    values: dict[str, Any] = {name: getattr(state, name) for name in _SNAPSHOT_FIELDS}
    values["due"] = as_utc(state.due).isoformat()
    values["last_review"] = as_utc(state.last_review).isoformat() if state.last_review else None
    return values


def restore(state: MemoryState, values: dict[str, Any]) -> None:
    """Put back what ``snapshot`` saved."""
    for name in _SNAPSHOT_FIELDS:
        setattr(state, name, values[name])
    state.due = datetime.fromisoformat(values["due"])
    last = values["last_review"]
    state.last_review = datetime.fromisoformat(last) if last else None


def forgetting_curve() -> tuple[float, float]:
    """FSRS-6's forgetting curve as ``(factor, decay)``: R = (1 + factor · t / S) ** -decay,
    t in days since the last review, S the stability.

    Exposed so SQL can compute retrievability for thousands of rows at once (the
    progress pages) without loading each memory state into Python.
    """
    decay = float(_PLAIN_SCHEDULER.parameters[20])
    return 0.9 ** (-1 / decay) - 1, decay
