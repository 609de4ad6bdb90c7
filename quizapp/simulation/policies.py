"""The schedulers compared: ours (FSRS, as ``quizapp.scheduling`` runs it), SM-2,
Leitner boxes and fixed intervals.

A policy sees only what a real scheduler sees — which facts were reviewed on which day
and whether they were recalled — never the ground truth. Each returns, for the masked
cells, the whole days until the fact is due again. Same-day steps (a first meeting, a
forgotten fact shown again before the session ends) are the runner's and the same for
every policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from . import fsrs_math as fm

Bools = NDArray[np.bool_]


class Policy(Protocol):
    name: str

    def reset(self, shape: tuple[int, int], seed: int) -> None:
        """Forget every learner: called once before a run."""

    def introduce(self, mask: Bools, day: int) -> fm.Floats:
        """Days until the first review of facts met today."""

    def review(self, mask: Bools, recalled: Bools, day: int) -> fm.Floats:
        """Days until the next review after today's answers."""


@dataclass
class FsrsPolicy:
    """FSRS with fixed parameters and a desired retention, fuzzed like the library.

    A first meeting is rated Good, a recalled fact Good, a forgotten one Again followed
    by a same-day Good (one relearning step), as the app rates them. With ``balance``,
    the fuzzed day is the learner's lightest day in the fuzz range instead of a random one.
    """

    parameters: tuple[float, ...] | fm.Floats  # one set, or one row per learner
    retention: float = 0.9
    balance: bool = False
    name: str = "ours (FSRS)"
    _params: fm.Floats = field(init=False, repr=False)

    def reset(self, shape: tuple[int, int], seed: int) -> None:
        self._params = np.asarray(self.parameters, dtype=float)
        self.stability = np.ones(shape)
        self.difficulty = np.ones(shape)
        self.last = np.zeros(shape)
        self.rng = np.random.default_rng([seed, 3])
        self.load = np.zeros((shape[0], _HORIZON), dtype=np.int32)

    def _cell_params(self, mask: Bools) -> fm.Floats:
        if self._params.ndim == 1:
            return self._params
        return self._params[np.nonzero(mask)[0]]

    def _due_in(self, mask: Bools, day: int) -> fm.Floats:
        interval = fm.interval_days(self.stability[mask], self.retention, self._cell_params(mask))
        low, high = fm.fuzz_bounds(interval)
        rows, columns = np.nonzero(mask)
        if not self.balance:
            chosen = np.floor(low + self.rng.random(low.shape) * (high - low + 1))
            np.add.at(self.load, (rows, _booked_day(day + chosen)), 1)
            return chosen
        chosen = np.empty_like(low)
        # One fact at a time, so a learner's facts see each other's bookings.
        for column in np.unique(columns):
            pick = columns == column
            chosen[pick] = _lightest_days(
                self.load, rows[pick], day, (low[pick], interval[pick], high[pick])
            )
            np.add.at(self.load, (rows[pick], _booked_day(day + chosen[pick])), 1)
        return chosen

    def introduce(self, mask: Bools, day: int) -> fm.Floats:
        good = np.full(int(mask.sum()), float(fm.GOOD))
        self.stability[mask] = fm.initial_stability(good, self._cell_params(mask))
        self.difficulty[mask] = fm.initial_difficulty(good, self._cell_params(mask))
        self.last[mask] = day
        return self._due_in(mask, day)

    def review(self, mask: Bools, recalled: Bools, day: int) -> fm.Floats:
        self.stability[mask], self.difficulty[mask] = fm.review_day(
            self.stability[mask],
            self.difficulty[mask],
            day - self.last[mask],
            recalled,
            self._cell_params(mask),
        )
        self.last[mask] = day
        return self._due_in(mask, day)


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
