"""Ground truths: how simulated learners really remember, unknown to the schedulers.

Two families, so a scheduler is not graded by its own model: FSRS-6 with parameters
drawn per learner well away from the library's defaults, and half-life regression
(Settles & Meeder, 2016), where a fact's half-life grows with the count of right answers
and shrinks with wrong ones, whatever the spacing. Both give each learner an ability and
each fact a difficulty, drawn once from the seed.

Every model keeps arrays of shape (learners, facts); ``mask`` arguments select the cells
that act on a day, and per-cell inputs are the 1-D arrays ``array[mask]`` gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from . import fsrs_math as fm

Bools = NDArray[np.bool_]

# The fsrs library's bounds for the first 20 parameters (the 21st, decay, is drawn apart).
_LOWER = np.concatenate(
    [
        [0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0],
        [0.001, 0.001, 0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0],
    ]
)
_UPPER = np.concatenate(
    [
        [100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8],
        [3.5, 5.0, 0.25, 0.9, 4.0, 1.0, 6.0, 2.0, 2.0, 0.8],
    ]
)


@dataclass(frozen=True)
class Population:
    """Who learns what: a standard-normal ability per learner and difficulty per fact."""

    ability: fm.Floats
    difficulty: fm.Floats

    @classmethod
    def draw(cls, learners: int, facts: int, seed: int) -> Population:
        rng = np.random.default_rng([seed, 1])
        return cls(ability=rng.standard_normal(learners), difficulty=rng.standard_normal(facts))

    @property
    def shape(self) -> tuple[int, int]:
        return (self.ability.size, self.difficulty.size)


class GroundTruth(Protocol):
    name: str

    def introduce(self, mask: Bools, day: int, answers: int = 1) -> None:
        """The learner meets these facts for the first time today (and reads the answer),
        answering each ``answers`` times that day (learning steps after the first)."""

    def recall(self, day: int) -> fm.Floats:
        """Chance each fact is recalled on ``day``; 0 for a fact never met."""

    def review(self, mask: Bools, recalled: Bools, day: int) -> None:
        """One review of each masked fact; a fact forgotten is studied again the same day."""

    def wait_until(self, mask: Bools, retention: float) -> fm.Floats:
        """Whole days (at least 1) from the last study until the masked facts' true chance
        of recall falls to ``retention``: the schedule of an oracle that knows the truth."""


class FsrsTruth:
    """FSRS-6 with each learner's own parameters: the defaults scaled by e^N(0, spread),
    decay drawn from 0.1-0.6 (the library's default is 0.154); ability scales initial
    stability and stability growth, difficulty shifts the starting difficulty."""

    name = "FSRS-6, own parameters per learner"

    def __init__(self, params: fm.Floats, offset: fm.Floats, name: str | None = None) -> None:
        self.params = params
        self.offset = offset
        self.stability = np.ones(offset.shape)
        self.difficulty = np.ones(offset.shape)
        self.last = np.full(offset.shape, -1.0)
        if name:
            self.name = name

    @classmethod
    def drawn(cls, population: Population, defaults: tuple[float, ...], seed: int) -> FsrsTruth:
        rng = np.random.default_rng([seed, 2])
        learners, facts = population.shape
        base = np.asarray(defaults[:20], dtype=float)
        params = np.clip(base * np.exp(rng.normal(0.0, 0.35, size=(learners, 20))), _LOWER, _UPPER)
        ability = population.ability[:, None]
        params[:, :4] = np.clip(params[:, :4] * np.exp(0.3 * ability), 0.001, 100.0)
        params[:, 8:9] = np.clip(params[:, 8:9] + 0.3 * ability, 0.0, 4.5)
        decay = rng.uniform(0.1, 0.6, size=(learners, 1))
        offset = np.broadcast_to(1.5 * population.difficulty, (learners, facts))
        return cls(np.hstack([params, decay]), offset)

    @classmethod
    def believed(cls, population: Population, parameters: tuple[float, ...]) -> FsrsTruth:
        """Learners exactly as the scheduler believes them: its own parameters, no
        ability or difficulty (what an "optimal retention" search may assume)."""
        learners, facts = population.shape
        params = np.broadcast_to(np.asarray(parameters, dtype=float), (learners, 21))
        return cls(params, np.zeros((learners, facts)), name="FSRS, the scheduler's own")

    def _rows(self, mask: Bools) -> fm.Floats:
        return self.params[np.nonzero(mask)[0]]

    def introduce(self, mask: Bools, day: int, answers: int = 1) -> None:
        params = self._rows(mask)
        good = np.full(params.shape[0], float(fm.GOOD))
        stability = fm.initial_stability(good, params)
        for _ in range(answers - 1):  # same-day repeats: FSRS's short-term stability
            stability = fm.short_term_stability(stability, good, params)
        self.stability[mask] = stability
        self.difficulty[mask] = np.clip(
            fm.initial_difficulty(good, params) + self.offset[mask], 1.0, 10.0
        )
        self.last[mask] = day

    def recall(self, day: int) -> fm.Floats:
        seen = self.last >= 0
        chance = fm.retrievability(
            np.maximum(day - self.last, 0.0), self.stability, self.params[:, None, :]
        )
        return np.where(seen, chance, 0.0)

    def review(self, mask: Bools, recalled: Bools, day: int) -> None:
        # A forgotten fact is shown again later the same day and then recalled.
        self.stability[mask], self.difficulty[mask] = fm.review_day(
            self.stability[mask],
            self.difficulty[mask],
            day - self.last[mask],
            recalled,
            self._rows(mask),
        )
        self.last[mask] = day

    def wait_until(self, mask: Bools, retention: float) -> fm.Floats:
        return fm.interval_days(self.stability[mask], retention, self._rows(mask))


class HalfLifeTruth:
    """Half-life regression: recall = 2^(-days since last study / half-life), with
    log2 half-life = 0.6 + 3.5·(√(1+right) - 1) - 1·(√(1+wrong) - 1) + 0.4·ability
    - 0.5·difficulty. A first meeting gives a half-life of about 1.5 days; timing does
    not matter, only how many answers were right or wrong (a forgotten fact's same-day
    second look counts as one right)."""

    name = "half-life regression"

    def __init__(self, population: Population) -> None:
        learners, facts = population.shape
        self.bias = 0.6 + 0.4 * population.ability[:, None] - 0.5 * population.difficulty[None, :]
        self.right = np.zeros((learners, facts))
        self.wrong = np.zeros((learners, facts))
        self.last = np.full((learners, facts), -1.0)

    def _half_life(self) -> fm.Floats:
        log2 = self.bias + 3.5 * (np.sqrt(1 + self.right) - 1) - 1.0 * (np.sqrt(1 + self.wrong) - 1)
        return 2.0**log2

    def introduce(self, mask: Bools, day: int, answers: int = 1) -> None:
        # Counts are of study days (Duolingo's sessions): same-day repeats add nothing.
        self.last[mask] = day

    def recall(self, day: int) -> fm.Floats:
        seen = self.last >= 0
        chance = 2.0 ** (-np.maximum(day - self.last, 0.0) / self._half_life())
        return np.where(seen, chance, 0.0)

    def review(self, mask: Bools, recalled: Bools, day: int) -> None:
        # A forgotten fact's same-day second look is answered right.
        self.right[mask] += 1
        self.wrong[mask] += ~recalled
        self.last[mask] = day

    def wait_until(self, mask: Bools, retention: float) -> fm.Floats:
        days = self._half_life()[mask] * np.log2(1.0 / retention)
        waits: fm.Floats = np.maximum(np.round(days), 1.0)
        return waits
