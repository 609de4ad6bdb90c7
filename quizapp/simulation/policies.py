"""The schedulers compared: ours (FSRS, as ``quizapp.scheduling`` runs it), SM-2,
Leitner boxes and fixed intervals.

A policy sees only what a real scheduler sees — which facts were reviewed on which day
and whether they were recalled — never the ground truth. Each returns, for the masked
cells, the whole days until the fact is due again. A forgotten fact shown again
before the session ends is the runner's rule and the same for every policy; a new fact's
same-day learning steps are the policy's own (``first_day_answers``), and cost reviews.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from ..scheduling import FIRST_MEETING_BEST_RATING, LEARNING_STEPS
from . import fsrs_math as fm

Bools = NDArray[np.bool_]


class Policy(Protocol):
    name: str

    @property
    def first_day_answers(self) -> int:
        """Answers a new fact gets on the day it is met (same-day learning steps add to 1)."""

    def reset(self, shape: tuple[int, int], seed: int) -> None:
        """Forget every learner: called once before a run."""

    def introduce(self, mask: Bools, day: int) -> fm.Floats:
        """Days until the first review of facts met today."""

    def review(self, mask: Bools, recalled: Bools, day: int) -> fm.Floats:
        """Days until the next review after today's answers."""


def first_day_answers(first_rating: int, learning_steps: int) -> int:
    """Answers a new fact gets on the day it is met when every answer is right: the first
    (rated ``first_rating``), then one Good per learning step still to go, as fsrs moves a
    card through its steps (Hard stays on its step, Good moves on, the last step graduates)."""
    answers, step, rating = 1, 0, first_rating
    while learning_steps and rating != fm.EASY:
        if rating == fm.GOOD:
            if step + 1 == learning_steps:
                break
            step += 1
        answers += 1
        rating = fm.GOOD
    return answers


@dataclass
class FsrsPolicy:
    """Our scheduler as ``quizapp.scheduling`` runs it, on arrays: fsrs with the app's
    learning steps, its first-meeting rating, its order of the buttons' waits, and fuzz.

    A new fact's first right answer is rated ``first_rating`` (the app's
    ``FIRST_MEETING_BEST_RATING``) and then answered Good at each of its same-day
    ``learning_steps``; a recalled fact is rated Good, a forgotten one Again followed by a
    same-day Good (the relearning step). A Good wait is never shorter than Hard's would
    have been (the app's ``_ordered_wait``). With ``balance``, the fuzzed day is the
    learner's lightest day in the fuzz range instead of a random one.
    ``tests/simulation/test_simulator.py`` checks all this against ``apply_review`` card by card.
    """

    parameters: tuple[float, ...] | fm.Floats  # one set, or one row per learner
    retention: float = 0.9
    balance: bool = False
    name: str = "ours (FSRS)"
    learning_steps: int = len(LEARNING_STEPS)
    first_rating: int = int(FIRST_MEETING_BEST_RATING)
    _params: fm.Floats = field(init=False, repr=False)

    @property
    def first_day_answers(self) -> int:
        return first_day_answers(self.first_rating, self.learning_steps)

    def reset(self, shape: tuple[int, int], seed: int) -> None:
        self._params = np.asarray(self.parameters, dtype=float)
        self.stability = np.ones(shape)
        self.difficulty = np.ones(shape)
        self.last = np.zeros(shape)
        self.rng = np.random.default_rng([seed, 3])
        self.load = np.zeros((shape[0], _HORIZON), dtype=np.int32)

    def _retention(self, mask: Bools) -> fm.Floats | float:
        return self.retention

    def _cell_params(self, mask: Bools) -> fm.Floats:
        if self._params.ndim == 1:
            return self._params
        return self._params[np.nonzero(mask)[0]]

    def _due_in(self, mask: Bools, day: int, hard_days: fm.Floats | None) -> fm.Floats:
        """Days until due: fuzzed as fsrs fuzzes (or load-balanced), then longer than
        ``hard_days``, the wait Hard would have given (0: no Hard to compare with)."""
        params = self._cell_params(mask)
        retention = self._retention(mask)
        interval = fm.interval_days(self.stability[mask], retention, params)
        low, high = fm.fuzz_bounds(interval)
        longer = np.zeros_like(interval) if hard_days is None else hard_days + (hard_days > 0)
        # Pulled apart: Good shows (and waits) one day more than Hard, unfuzzed.
        pulled = interval < longer
        # fsrs rounds a uniform draw from [low, high + 1), so high + 1 can occur.
        drawn = np.round(low + self.rng.random(low.shape) * (high - low + 1))
        unfuzzed = interval < 2.5  # fsrs never fuzzes these
        chosen = np.where(pulled, longer, np.maximum(np.where(unfuzzed, interval, drawn), longer))
        rows, columns = np.nonzero(mask)
        # ``flask scheduler balance`` moves a wait of 2.5 days or more to the lightest day
        # of the fuzz window ``scheduling.fuzz_window`` reports (up to high + 1).
        movable = ~unfuzzed & (chosen >= low) & (chosen <= high + 1) & self.balance
        np.add.at(self.load, (rows[~movable], _booked_day(day + chosen[~movable])), 1)
        # One fact at a time, so a learner's facts see each other's bookings.
        for column in np.unique(columns[movable]):
            pick = movable & (columns == column)
            chosen[pick] = _lightest_days(
                self.load, rows[pick], day, (low[pick], interval[pick], high[pick] + 1)
            )
            np.add.at(self.load, (rows[pick], _booked_day(day + chosen[pick])), 1)
        return chosen

    def introduce(self, mask: Bools, day: int) -> fm.Floats:
        params = self._cell_params(mask)
        first = np.full(int(mask.sum()), float(self.first_rating))
        stability = fm.initial_stability(first, params)
        difficulty = fm.initial_difficulty(first, params)
        good = np.full_like(first, float(fm.GOOD))
        for _ in range(self.first_day_answers - 1):
            stability = fm.short_term_stability(stability, good, params)
            difficulty = fm.next_difficulty(difficulty, good, params)
        self.stability[mask], self.difficulty[mask] = stability, difficulty
        self.last[mask] = day
        graduates_on_good = self.learning_steps == 0 and self.first_rating == fm.GOOD
        if not graduates_on_good:
            return self._due_in(mask, day, None)
        hard = fm.initial_stability(np.full_like(first, float(fm.HARD)), params)
        return self._due_in(mask, day, fm.interval_days(hard, self._retention(mask), params))

    def review(self, mask: Bools, recalled: Bools, day: int) -> fm.Floats:
        params = self._cell_params(mask)
        elapsed = day - self.last[mask]
        before_s, before_d = self.stability[mask], self.difficulty[mask]
        self.stability[mask], self.difficulty[mask] = fm.review_day(
            before_s, before_d, elapsed, recalled, params
        )
        self.last[mask] = day
        chance = fm.retrievability(elapsed, before_s, params)
        hard = fm.next_stability(before_d, before_s, chance, np.full_like(chance, fm.HARD), params)
        hard_days = fm.interval_days(hard, self._retention(mask), params)
        # A forgotten fact graduates from its relearning step: no Hard to compare with.
        return self._due_in(mask, day, np.where(recalled, hard_days, 0.0))


_HORIZON = 4_000  # days of booked reviews kept per learner; later ones share the last slot


def _booked_day(days: fm.Floats) -> NDArray[np.int64]:
    return np.minimum(days, _HORIZON - 1).astype(np.int64)


def _lightest_days(
    load: NDArray[np.int32],
    learners: NDArray[np.int64],
    day: int,
    bounds: tuple[fm.Floats, fm.Floats, fm.Floats],
) -> fm.Floats:
    """For each cell, the interval in [low, high] whose day has the fewest reviews booked
    for that learner (on a tie, the one nearest the unfuzzed ``target``)."""
    low, target, high = bounds
    width = int((high - low).max(initial=0)) + 1
    offsets = low[:, None] + np.arange(width)[None, :]
    inside = offsets <= high[:, None]
    booked = load[learners[:, None], _booked_day(day + np.minimum(offsets, high[:, None]))]
    booked = np.where(inside, booked + 1e-3 * np.abs(offsets - target[:, None]), np.inf)
    chosen: fm.Floats = offsets[np.arange(offsets.shape[0]), booked.argmin(axis=1)]
    return chosen


def sm2_step(
    repetition: NDArray[np.int64], easiness: fm.Floats, interval: fm.Floats, quality: fm.Floats
) -> tuple[NDArray[np.int64], fm.Floats, fm.Floats]:
    """SuperMemo 2 (Wozniak, 1990) after one answer of quality 0-5.

    After every answer EF' = EF + (0.1 - (5-q)(0.08 + (5-q)·0.02)), never under 1.3;
    quality under 3 starts the repetitions again (I(1) = 1 day) with that E-Factor
    (not reset to 2.5); then I(1) = 1, I(2) = 6, I(n) = I(n-1)·EF rounded up."""
    passed = quality >= 3
    miss = 5 - quality
    new_easiness = np.maximum(easiness + 0.1 - miss * (0.08 + miss * 0.02), 1.3)
    new_repetition = np.where(passed, repetition + 1, 1)
    new_interval = np.select(
        [new_repetition == 1, new_repetition == 2],
        [np.ones_like(interval), np.full_like(interval, 6.0)],
        np.ceil(interval * new_easiness),
    )
    return new_repetition, new_easiness, new_interval


class Sm2Policy:
    """SM-2 as published; a recalled fact is graded 4, a forgotten one 2."""

    name = "SM-2"
    first_day_answers = 1

    def reset(self, shape: tuple[int, int], seed: int) -> None:
        self.repetition = np.zeros(shape, dtype=np.int64)
        self.easiness = np.full(shape, 2.5)
        self.interval = np.zeros(shape)

    def introduce(self, mask: Bools, day: int) -> fm.Floats:
        self.repetition[mask], self.easiness[mask], self.interval[mask] = 1, 2.5, 1.0
        return self.interval[mask]

    def review(self, mask: Bools, recalled: Bools, day: int) -> fm.Floats:
        quality = np.where(recalled, 4.0, 2.0)
        step = sm2_step(self.repetition[mask], self.easiness[mask], self.interval[mask], quality)
        self.repetition[mask], self.easiness[mask], self.interval[mask] = step
        return self.interval[mask]


@dataclass
class LadderPolicy:
    """A fixed ladder of intervals: a recalled fact climbs one rung, a forgotten one
    goes back to the first. Leitner boxes and fixed intervals are both ladders."""

    name: str
    intervals: tuple[int, ...]
    first_day_answers: int = 1

    def reset(self, shape: tuple[int, int], seed: int) -> None:
        self.rung = np.zeros(shape, dtype=np.int64)
        self._days = np.asarray(self.intervals, dtype=float)

    def introduce(self, mask: Bools, day: int) -> fm.Floats:
        self.rung[mask] = 0
        return self._days[self.rung[mask]]

    def review(self, mask: Bools, recalled: Bools, day: int) -> fm.Floats:
        top = len(self.intervals) - 1
        self.rung[mask] = np.where(recalled, np.minimum(self.rung[mask] + 1, top), 0)
        return self._days[self.rung[mask]]


def leitner() -> LadderPolicy:
    """Five Leitner boxes reviewed every 1, 2, 4, 8 and 16 days."""
    return LadderPolicy("Leitner boxes (1-2-4-8-16)", (1, 2, 4, 8, 16))


def fixed_intervals() -> LadderPolicy:
    """Fixed intervals of 1, 3, 7, 14 and then every 30 days."""
    return LadderPolicy("fixed intervals (1-3-7-14-30)", (1, 3, 7, 14, 30))
