"""The day loop: learners meet new facts, review what their scheduler says is due, and
the ground truth decides what they recall.

Rules shared by every scheduler, so only the intervals differ: each day the facts due
are reviewed first, then up to ``new_per_day`` facts never met, in story order (the
app's daily limit). Meeting a fact counts one review, plus one per same-day learning
step the scheduler gives it; a forgotten fact counts two (the miss, and the same-day
second look every scheduler gives it). Recall at the end is
the mean chance of recall over every learner and fact on the last seven mornings (facts
never met count 0). Recall draws use the same
random numbers for every scheduler (one stream per day), so differences come from the
schedules, not from luck.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .memory import GroundTruth, Population
from .policies import Policy

# Recall "at the end" is averaged over the mornings of the last week: a single day would
# favour whichever scheduler happened to review just before it.
FINAL_DAYS = 7
FIRST_WEEK = 7  # days of first meetings, left out of the busiest day


@dataclass(frozen=True)
class Outcome:
    scheduler: str
    truth: str
    learners: int
    facts: int
    days: int
    reviews_per_learner: float
    recall_at_end: float  # mean chance of recall over every learner and fact, at the end
    busiest_day: float = 0.0  # a learner's most reviews on one day after the first week, mean

    @property
    def remembered_per_100_reviews(self) -> float:
        """Facts a learner would recall at the end for every 100 reviews they did."""
        if not self.reviews_per_learner:
            return 0.0
        return 100 * self.recall_at_end * self.facts / self.reviews_per_learner


TruthFactory = Callable[[Population], GroundTruth]


def simulate(
    policy: Policy,
    truth_factory: TruthFactory,
    *,
    learners: int,
    facts: int,
    days: int,
    seed: int = 0,
    new_per_day: int = 10,
) -> Outcome:
    """Run ``days`` days of study for ``learners`` learners of ``facts`` facts."""
    population = Population.draw(learners, facts, seed)
    truth = truth_factory(population)
    policy.reset(population.shape, seed)
    met = np.zeros(population.shape, dtype=bool)
    due = np.full(population.shape, np.inf)
    reviews = 0
    per_day = np.zeros((learners, days))
    last_week: list[float] = []
    for day in range(days):
        luck = np.random.default_rng([seed, 4, day]).random(population.shape)
        todo = met & (due <= day)
        if todo.any():
            recalled = luck[todo] < truth.recall(day)[todo]
            reviews += int(todo.sum()) + int((~recalled).sum())
            per_day[:, day] = todo.sum(axis=1)
            truth.review(todo, recalled, day)
            due[todo] = day + policy.review(todo, recalled, day)
        new = ~met & (np.cumsum(~met, axis=1) <= new_per_day)
        if new.any():
            answers = policy.first_day_answers
            reviews += int(new.sum()) * answers
            truth.introduce(new, day, answers)
            due[new] = day + policy.introduce(new, day)
            met |= new
        if day >= days - max(FINAL_DAYS, days // 6):
            last_week.append(float(truth.recall(day + 1).mean()))
    return Outcome(
        scheduler=policy.name,
        truth=truth.name,
        learners=learners,
        facts=facts,
        days=days,
        reviews_per_learner=reviews / learners,
        recall_at_end=float(np.mean(last_week)),
        busiest_day=float(per_day[:, FIRST_WEEK:].max(axis=1, initial=0).mean()),
    )
