"""FSRS-6's memory formulas on numpy arrays, so thousands of cards move in one step.

The simulator needs them twice: as one ground truth (with parameters drawn per learner)
and to replay our own scheduler without calling ``fsrs`` once per card. They follow the
``fsrs`` 6.x library line by line; ``tests/simulation/test_fsrs_math.py`` checks them
against the library itself on the same review sequences.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]

STABILITY_MIN = 0.001
MIN_DIFFICULTY, MAX_DIFFICULTY = 1.0, 10.0
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def _w(params: Floats, index: int) -> Floats:
    """Parameter ``index`` as a column, so one row of parameters per learner broadcasts."""
    return params[..., index]


def retrievability(elapsed_days: Floats, stability: Floats, params: Floats) -> Floats:
    """Chance of recall after ``elapsed_days`` (the library counts whole days)."""
    decay = _w(params, 20)
    factor = 0.9 ** (-1.0 / decay) - 1.0
    return (1.0 + factor * elapsed_days / stability) ** (-decay)


def interval_days(stability: Floats, retention: Floats | float, params: Floats) -> Floats:
    """Whole days until recall falls to ``retention``, at least 1 (unfuzzed)."""
    decay = _w(params, 20)
    factor = 0.9 ** (-1.0 / decay) - 1.0
    raw = stability / factor * (np.asarray(retention) ** (-1.0 / decay) - 1.0)
    return np.clip(np.round(raw), 1, 36500)


def initial_stability(rating: Floats, params: Floats) -> Floats:
    index = rating.astype(np.int64) - 1
    rows = np.broadcast_to(params, (*rating.shape, params.shape[-1]))
    return np.maximum(np.take_along_axis(rows, index[..., None], axis=-1)[..., 0], STABILITY_MIN)


def initial_difficulty(rating: Floats, params: Floats, clamp: bool = True) -> Floats:
    value = _w(params, 4) - np.exp(_w(params, 5) * (rating - 1)) + 1
    return np.clip(value, MIN_DIFFICULTY, MAX_DIFFICULTY) if clamp else value


def next_difficulty(difficulty: Floats, rating: Floats, params: Floats) -> Floats:
    delta = -_w(params, 6) * (rating - 3)
    damped = difficulty + (10.0 - difficulty) * delta / 9.0
    easy = initial_difficulty(np.full_like(difficulty, EASY), params, clamp=False)
    reverted = _w(params, 7) * easy + (1 - _w(params, 7)) * damped
    return np.clip(reverted, MIN_DIFFICULTY, MAX_DIFFICULTY)


def next_stability(
    difficulty: Floats, stability: Floats, recall: Floats, rating: Floats, params: Floats
) -> Floats:
    """Stability after a review on a later day (recall- or forget-stability by rating)."""
    hard = np.where(rating == HARD, _w(params, 15), 1.0)
    easy = np.where(rating == EASY, _w(params, 16), 1.0)
    recalled = stability * (
        1
        + np.exp(_w(params, 8))
        * (11 - difficulty)
        * stability ** -_w(params, 9)
        * (np.exp((1 - recall) * _w(params, 10)) - 1)
        * hard
        * easy
    )
    forgot = np.minimum(
        _w(params, 11)
        * difficulty ** -_w(params, 12)
        * ((stability + 1) ** _w(params, 13) - 1)
        * np.exp((1 - recall) * _w(params, 14)),
        stability / np.exp(_w(params, 17) * _w(params, 18)),
    )
    return np.maximum(np.where(rating == AGAIN, forgot, recalled), STABILITY_MIN)


def short_term_stability(stability: Floats, rating: Floats, params: Floats) -> Floats:
    """Stability after a second review on the same day (a learning or relearning step)."""
    increase = np.exp(_w(params, 17) * (rating - 3 + _w(params, 18))) * stability ** -_w(params, 19)
    increase = np.where(rating >= HARD, np.maximum(increase, 1.0), increase)
    return np.maximum(stability * increase, STABILITY_MIN)


def review_day(
    stability: Floats,
    difficulty: Floats,
    elapsed_days: Floats,
    recalled: NDArray[np.bool_],
    params: Floats,
) -> tuple[Floats, Floats]:
    """(stability, difficulty) after one day's review: Good when recalled; Again and then
    a same-day Good (one relearning step) when forgotten, as the app rates answers."""
    chance = retrievability(elapsed_days, stability, params)
    rating = np.where(recalled, float(GOOD), float(AGAIN))
    stability = next_stability(difficulty, stability, chance, rating, params)
    difficulty = next_difficulty(difficulty, rating, params)
    good = np.full_like(rating, float(GOOD))
    relearned = short_term_stability(stability, good, params)
    return (
        np.where(recalled, stability, relearned),
        np.where(recalled, difficulty, next_difficulty(difficulty, good, params)),
    )


def fuzz_bounds(interval: Floats) -> tuple[Floats, Floats]:
    """The library's fuzz range around ``interval`` (no fuzz under 2.5 days)."""
    delta = 1.0 + sum(
        factor * np.maximum(np.minimum(interval, end) - start, 0.0)
        for start, end, factor in ((2.5, 7.0, 0.15), (7.0, 20.0, 0.1), (20.0, np.inf, 0.05))
    )
    low = np.maximum(2, np.round(interval - delta))
    high = np.round(interval + delta)
    low = np.minimum(low, high)
    short = interval < 2.5
    return np.where(short, interval, low), np.where(short, interval, high)
