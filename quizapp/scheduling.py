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
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from fsrs import Card, ReviewLog, Scheduler, State
from fsrs import Rating as FsrsRating
from fsrs.scheduler import DEFAULT_PARAMETERS as _FSRS_DEFAULTS
from fsrs.scheduler import FUZZ_RANGES
from sqlalchemy import ColumnElement, func

from .models import MemoryState
from .sqltime import epoch_days
from .timeutil import as_utc, days_later

DEFAULT_RETENTION = 0.90
MIN_RETENTION = 0.80
MAX_RETENTION = 0.97
# A fact remembered this steadily counts as "mature" (the same threshold Anki uses).
MATURE_STABILITY_DAYS = 21.0
# The library's 21 FSRS-6 weights, for code that models memory without ``fsrs`` (the simulator).
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(float(w) for w in _FSRS_DEFAULTS)
# fsrs gives every card an id; ours are keyed by (user, fact), so a constant will do
# (and avoids the 1 ms sleep fsrs takes when it has to invent one).
_CARD_ID = 1
_ONE_DAY = timedelta(days=1)
_MOST_URGENT = 1e9


class Rating(enum.IntEnum):
    """How well a fact was recalled; the values are the four buttons, as in Anki."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


# The rules below are the app's scheduling policy; the simulator (``quizapp.simulation``)
# replays exactly these, so what it measures is what learners get.
# Same-day steps a new fact goes through before its first wait in days. One step: a
# right first answer (rated Good) graduates at once, since the fact is taught and asked
# on the spot and a same-day repeat barely strengthens memory; a wrong one (Again) or a
# Hard one comes back once within minutes. fsrs's default (1 min, 10 min) with a first
# right answer rated Hard cost two more answers per new fact: 1.24x SM-2's reviews at
# SM-2's recall in the simulator (FSRS truth, 60 days) against 0.87x now.
LEARNING_STEPS: tuple[timedelta, ...] = (timedelta(minutes=10),)
# A fact forgotten in review comes back once more the same day, then waits in days again.
RELEARNING_STEPS: tuple[timedelta, ...] = (timedelta(minutes=10),)
# The best rating a right answer on a fact never met before gets (flashcards excepted):
# Good, like any right answer. fsrs's first stabilities are fitted to Anki users' first
# answer on a card they had never seen either, so capping it at Hard counted the fact's
# newness twice (a first wait of 1 day instead of 2, and one more review per fact).
FIRST_MEETING_BEST_RATING = Rating.GOOD
# The same in a quiz, which asks without teaching first: a right answer on a fact never
# met may be a lucky guess, so it counts less than recall. Hard keeps the fact in its
# learning step (back within the day) and gives it a shorter first stability.
UNTAUGHT_BEST_RATING = Rating.HARD


def review_spacing(retention: float) -> float:
    """How far apart reviews come when a learner wants to remember ``retention`` of their
    facts, as a multiple of the spacing at the default: the wait until recall falls that
    low on fsrs's forgetting curve (its default weights, which schedule every new learner)."""
    decay = DEFAULT_PARAMETERS[20]

    def wait(share: float) -> float:
        return float(share ** (-1 / decay) - 1)

    return wait(retention) / wait(DEFAULT_RETENTION)


def _scheduler(
    desired_retention: float, fuzz: bool, parameters: Sequence[float] | None = None
) -> Scheduler:
    retention = min(max(desired_retention, MIN_RETENTION), MAX_RETENTION)
    return Scheduler(
        parameters=tuple(parameters or DEFAULT_PARAMETERS),
        desired_retention=retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=fuzz,
    )


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
    parameters: Sequence[float] | None = None,
    time_zone: str | None = None,
) -> None:
    """Move ``state`` on by one answer rated ``rating`` at ``now`` (fuzzed, as in Anki).

    Where fsrs would give a button no longer a wait than the button below it, the wait
    is the one the button showed (``preview_intervals``), unfuzzed. ``parameters``: the
    learner's fitted FSRS weights (``User.scheduler_parameters``), None for the defaults.
    A wait of whole days is counted in the learner's calendar days (``time_zone``), so
    it ends at the time of the answer on their clock, daylight saving or not."""
    was_in_review = state.state == State.Review
    before = _card(state, now)
    moment = as_utc(now)
    card, _log = _scheduler(desired_retention, fuzz=True, parameters=parameters).review_card(
        before, FsrsRating(int(rating)), review_datetime=moment
    )
    if rating > Rating.HARD:
        fuzzed = card.due - moment
        card.due = moment + _ordered_wait(
            before, rating, moment, fuzzed, desired_retention, parameters
        )
    state.state = int(card.state)
    state.step = card.step
    state.stability = card.stability
    state.difficulty = card.difficulty
    state.due = _on_the_learners_clock(moment, card.due - moment, time_zone)
    state.last_review = card.last_review
    state.reps = (state.reps or 0) + 1
    if was_in_review and rating == Rating.AGAIN:
        state.lapses = (state.lapses or 0) + 1


def _on_the_learners_clock(moment: datetime, wait: timedelta, time_zone: str | None) -> datetime:
    """When a wait from ``moment`` ends: fsrs counts whole days as 24 hours each, which a
    clock change between them would turn into the day before or after on the learner's
    calendar; minutes (learning steps) are minutes."""
    if wait >= _ONE_DAY and wait % _ONE_DAY == timedelta(0):
        return days_later(moment, wait.days, time_zone)
    return moment + wait


def _ordered_wait(
    card: Card,
    rating: Rating,
    moment: datetime,
    fuzzed: timedelta,
    desired_retention: float,
    parameters: Sequence[float] | None,
) -> timedelta:
    """The wait after ``rating``: fsrs's fuzzed one, unless the buttons had to be pulled
    apart (then the shown, unfuzzed one), and always longer than the button below's."""
    plain = _plain_waits(card, moment, desired_retention, parameters)
    shown = _strictly_longer(plain)
    wait = shown[rating] if shown[rating] > plain[rating] else fuzzed
    below = shown[Rating(rating - 1)]
    if below >= _ONE_DAY and wait <= below:
        wait = below + _ONE_DAY
    return wait


def _plain_waits(
    card: Card, moment: datetime, desired_retention: float, parameters: Sequence[float] | None
) -> dict[Rating, timedelta]:
    scheduler = _scheduler(desired_retention, fuzz=False, parameters=parameters)
    return {
        rating: scheduler.review_card(card, FsrsRating(int(rating)), review_datetime=moment)[0].due
        - moment
        for rating in Rating
    }


def _strictly_longer(waits: dict[Rating, timedelta]) -> dict[Rating, timedelta]:
    """Hard < Good < Easy, as Anki enforces: a button whose wait (in whole days, as the
    buttons show it) is not longer than the one below waits one day more than it."""
    ordered = dict(waits)
    for lower, higher in ((Rating.HARD, Rating.GOOD), (Rating.GOOD, Rating.EASY)):
        below = ordered[lower]
        if below >= _ONE_DAY and round(ordered[higher] / _ONE_DAY) <= round(below / _ONE_DAY):
            ordered[higher] = _ONE_DAY * (round(below / _ONE_DAY) + 1)
    return ordered


def preview_intervals(
    state: MemoryState | None,
    now: datetime,
    desired_retention: float = DEFAULT_RETENTION,
    parameters: Sequence[float] | None = None,
) -> dict[Rating, timedelta]:
    """The wait each of the four buttons would lead to, shown on the buttons.

    fsrs has no preview, so each rating is tried on an unfuzzed scheduler (the real
    review adds a little fuzz, a day or so on long intervals); Hard < Good < Easy."""
    return _strictly_longer(
        _plain_waits(_card(state, now), as_utc(now), desired_retention, parameters)
    )


def fuzz_window(
    state: MemoryState,
    desired_retention: float = DEFAULT_RETENTION,
    parameters: Sequence[float] | None = None,
) -> tuple[int, int, int] | None:
    """(shortest, unfuzzed, longest) wait in whole days that fsrs's fuzz could have given
    this fact at its last review, so a due date can move inside it (load balancing)
    without changing what the scheduler allows. None outside the Review state and for
    waits under 2.5 days, which fsrs never fuzzes."""
    if state.state != State.Review or not state.stability or state.last_review is None:
        return None
    scheduler = _scheduler(desired_retention, fuzz=False, parameters=parameters)
    decay = -scheduler.parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    ideal = state.stability / factor * (scheduler.desired_retention ** (1 / decay) - 1)
    interval = min(max(round(ideal), 1), scheduler.maximum_interval)
    if interval < 2.5:
        return None
    delta = 1.0 + sum(
        bounds["factor"] * max(min(float(interval), bounds["end"]) - bounds["start"], 0.0)
        for bounds in FUZZ_RANGES
    )
    shortest = max(2, round(interval - delta))
    # fsrs rounds a draw from [shortest, round(interval + delta) + 1), so that + 1 occurs.
    longest = min(round(interval + delta) + 1, scheduler.maximum_interval)
    shortest = min(shortest, longest)
    return shortest, interval, longest


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


def forgetting_order(now_days: float | ColumnElement[float]) -> ColumnElement[float]:
    """A SQL expression that sorts memories least-likely-recalled first (descending).

    fsrs's retrievability falls monotonically with elapsed time / stability for a given
    decay (one decay per learner), so ordering by that ratio ranks facts as
    ``retrievability`` would, inside the query, without loading every due row. A memory
    without a stability or a last review counts as the most urgent. ``now_days`` is now
    in days since 1970 (``sqltime.as_epoch_days``), or a bound parameter holding it."""
    elapsed = now_days - epoch_days(MemoryState.last_review)
    ratio = elapsed / func.nullif(MemoryState.stability, 0.0)
    return func.coalesce(ratio, _MOST_URGENT)


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


# fsrs's optimizer fits nothing below one mini-batch of reviews on later days.
MIN_REVIEWS_TO_FIT = 512


class OptimizerUnavailable(RuntimeError):
    """The ``optimizer`` extra (torch, pandas) is not installed."""


def fit_parameters(
    reviews: Iterable[tuple[int, Rating, datetime]],
) -> tuple[float, ...] | None:
    """FSRS weights fitted to one learner's answers, each (fact id, rating, time).

    Returns None when there are too few reviews on later days to fit anything (the
    optimizer then hands back the defaults), so the caller keeps the defaults.
    Slow (seconds per learner) and needs torch: run it from ``flask scheduler optimize``,
    never in a request."""
    try:
        from fsrs.optimizer import Optimizer

        optimizer = Optimizer(
            [
                ReviewLog(
                    card_id=fact_id,
                    rating=FsrsRating(int(rating)),
                    review_datetime=as_utc(moment),
                    review_duration=None,
                )
                for fact_id, rating, moment in reviews
            ]
        )
    except ImportError as missing:
        raise OptimizerUnavailable(str(missing)) from missing
    fitted = tuple(float(w) for w in optimizer.compute_optimal_parameters())
    if all(abs(a - b) < 1e-9 for a, b in zip(fitted, DEFAULT_PARAMETERS, strict=True)):
        return None
    return fitted


# FSRS-6's weight w[20]: how fast the forgetting curve falls (its decay), fitted per
# learner along with the others.
DECAY_WEIGHT = 20


def learner_decay(parameters: Sequence[float] | None = None) -> float:
    """The decay of a learner's forgetting curve: their fitted w[20], else the default."""
    weights = parameters if parameters and len(parameters) > DECAY_WEIGHT else DEFAULT_PARAMETERS
    return float(weights[DECAY_WEIGHT])


def forgetting_curve(parameters: Sequence[float] | None = None) -> tuple[float, float]:
    """FSRS-6's forgetting curve as ``(factor, decay)``: R = (1 + factor · t / S) ** -decay,
    t in days since the last review, S the stability; a learner's fitted ``parameters``
    give their own curve, as the scheduler uses it for their reviews.

    Exposed so SQL can compute retrievability for thousands of rows at once (the
    progress pages) without loading each memory state into Python.
    """
    decay = learner_decay(parameters)
    return curve_factor(decay), decay


def curve_factor(decay: float) -> float:
    """The forgetting curve's factor for a decay: the one that makes R = 0.9 when the
    days since the last review equal the stability, whatever the decay."""
    return float(0.9 ** (-1 / decay) - 1)
