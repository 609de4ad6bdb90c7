"""Every scheduler against every ground truth, and the retention our scheduler should aim at."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np

from .memory import FsrsTruth, HalfLifeTruth, Population
from .oracle import OraclePolicy
from .policies import FsrsPolicy, Policy, Sm2Policy, fixed_intervals, leitner
from .run import Outcome, TruthFactory, simulate

RETENTION_GRID = tuple(round(r, 2) for r in np.arange(0.80, 0.971, 0.01))
# Told how many more runs of ``simulate`` are done, so a caller can move a progress bar:
# a full comparison takes many seconds.
RunsDone = Callable[[int], None]


def _ignore(runs: int) -> None:
    """No one is watching."""


def optimal_retention(
    parameters: tuple[float, ...],
    *,
    facts: int,
    days: int,
    learners: int = 100,
    seed: int = 0,
    grid: tuple[float, ...] = RETENTION_GRID,
    on_runs: RunsDone = _ignore,
) -> float:
    """The desired retention with the fewest reviews per fact remembered at the end,
    as Anki's "optimal retention" finds it: simulated with the scheduler's own
    parameters as the learners' memory (it knows nothing better)."""

    def cost(retention: float) -> float:
        outcome = simulate(
            FsrsPolicy(parameters, retention),
            lambda population: FsrsTruth.believed(population, parameters),
            learners=learners,
            facts=facts,
            days=days,
            seed=seed,
        )
        on_runs(1)
        return outcome.reviews_per_learner / max(outcome.recall_at_end * facts, 1e-9)

    return min(grid, key=cost)


def truths(parameters: tuple[float, ...], seed: int) -> list[tuple[TruthFactory, bool]]:
    """Each ground truth, and whether its learners have FSRS weights of their own (which
    a scheduler could be given)."""
    return [
        (lambda population: FsrsTruth.drawn(population, parameters, seed), True),
        (HalfLifeTruth, False),
    ]


def policies(parameters: tuple[float, ...], retention: float) -> list[Policy]:
    return [
        FsrsPolicy(parameters, 0.9, name="ours, retention 0.90"),
        FsrsPolicy(parameters, 0.9, balance=True, name="ours, 0.90, load-balanced"),
        FsrsPolicy(parameters, retention, balance=True, name=f"ours, optimal {retention:.2f}"),
        Sm2Policy(),
        leitner(),
        fixed_intervals(),
    ]


@dataclass(frozen=True)
class EqualRecall:
    """Our scheduler at the cheapest retention whose recall is at least SM-2's."""

    truth: str
    weights: str  # which FSRS weights the scheduler used
    retention: float | None  # None: no retention on the grid recalls as well as SM-2
    reviews: float  # our reviews per learner at that retention (inf when none matched)
    sm2_reviews: float
    recall: float
    sm2_recall: float

    @property
    def reviews_ratio(self) -> float:
        """Our reviews ÷ SM-2's."""
        return self.reviews / self.sm2_reviews

    @property
    def met(self) -> bool:
        return self.reviews_ratio <= GOAL_REVIEWS_RATIO


GOAL_REVIEWS_RATIO = 0.8
DEFAULT_WEIGHTS = "default weights"
TRUE_WEIGHTS = "each learner's true weights"
ORACLE = "an oracle reading the true memory"
SWEEP = tuple(round(r, 2) for r in np.arange(0.70, 0.971, 0.03))  # refined by 0.01 near the pick
REFINE = (0.01, 0.02)  # the steps below the sweep's pick that are tried too


@dataclass(frozen=True)
class Comparison:
    outcomes: list[Outcome]
    equal_recall: list[EqualRecall]
    retention: float  # what "ours, optimal retention" aimed at


PolicyAt = Callable[[float], Policy]  # a scheduler aiming at the given retention


def equal_recall(
    make: PolicyAt,
    label: str,
    truth: TruthFactory,
    sm2: Outcome,
    on_runs: RunsDone = _ignore,
    **sizes: int,
) -> EqualRecall:
    """The cheapest retention on the sweep at which ``make(retention)`` recalls at least
    as well as SM-2 at the end, and its reviews."""
    best: Outcome | None = None
    best_retention = None

    def consider(retentions: tuple[float, ...]) -> None:
        nonlocal best, best_retention
        for retention in retentions:
            outcome = simulate(make(retention), truth, **sizes)
            on_runs(1)
            if outcome.recall_at_end >= sm2.recall_at_end and (
                best is None or outcome.reviews_per_learner < best.reviews_per_learner
            ):
                best, best_retention = outcome, retention

    consider(SWEEP)
    if best_retention is not None:  # the coarse step may overshoot: try the two below
        consider(tuple(round(best_retention - step, 2) for step in REFINE))
    else:
        on_runs(len(REFINE))  # planned, not needed
    return EqualRecall(
        truth=sm2.truth,
        weights=label,
        retention=best_retention,
        reviews=best.reviews_per_learner if best else np.inf,
        sm2_reviews=sm2.reviews_per_learner,
        recall=best.recall_at_end if best else 0.0,
        sm2_recall=sm2.recall_at_end,
    )


def candidates(
    parameters: tuple[float, ...], truth: TruthFactory, true_weights: np.ndarray | None
) -> list[tuple[str, PolicyAt]]:
    """The schedulers whose cheapest retention matching SM-2 is sought under ``truth``:
    ours with the default weights, with each learner's true weights (``true_weights``,
    given under the FSRS ground truth only) and an oracle."""
    found: list[tuple[str, PolicyAt]] = [
        (DEFAULT_WEIGHTS, lambda r: FsrsPolicy(parameters, r)),
        (ORACLE, partial(OraclePolicy, truth)),
    ]
    if true_weights is not None:
        found.insert(1, (TRUE_WEIGHTS, lambda r: FsrsPolicy(true_weights, r)))
    return found


def planned_runs(
    parameters: tuple[float, ...], *, sweep: bool = True, retention: float | None = None
) -> int:
    """How many runs of ``simulate`` ``compare`` makes with these options: the length of
    its progress bar."""
    runs = 0 if retention is not None else len(RETENTION_GRID)
    for truth, per_learner_weights in truths(parameters, seed=0):
        runs += len(policies(parameters, retention or 0.9))
        if sweep:
            weights = np.array(parameters) if per_learner_weights else None
            runs += len(candidates(parameters, truth, weights)) * (len(SWEEP) + len(REFINE))
    return runs


def compare(
    parameters: tuple[float, ...],
    *,
    facts: int,
    learners: int,
    days: int,
    seed: int = 0,
    retention: float | None = None,
    sweep: bool = True,
    on_runs: RunsDone = _ignore,
) -> Comparison:
    """Run each scheduler under each ground truth on the same learners and luck.

    ``retention`` is what our improved scheduler aims at (by default the optimal one);
    ``sweep`` also finds, per ground truth, our cheapest retention that recalls as well
    as SM-2 (the goal's figure) — with the default weights, under the FSRS ground truth
    also with each learner's true weights (the most that fitting weights per learner
    could ever give), and for an oracle that reads the true memory (the most any
    retention-aiming scheduler could give). ``on_runs`` hears of each run, up to
    ``planned_runs``."""
    if retention is None:
        retention = optimal_retention(
            parameters, facts=facts, days=days, seed=seed, on_runs=on_runs
        )
    sizes = {"learners": learners, "facts": facts, "days": days, "seed": seed}
    outcomes: list[Outcome] = []
    matched: list[EqualRecall] = []
    population = Population.draw(learners, facts, seed)
    true_weights = FsrsTruth.drawn(population, parameters, seed).params
    for truth, per_learner_weights in truths(parameters, seed):
        runs = []
        for policy in policies(parameters, retention):
            runs.append(simulate(policy, truth, **sizes))
            on_runs(1)
        outcomes.extend(runs)
        if not sweep:
            continue
        sm2 = next(o for o in runs if o.scheduler == Sm2Policy.name)
        weights = true_weights if per_learner_weights else None
        for label, make in candidates(parameters, truth, weights):
            matched.append(equal_recall(make, label, truth, sm2, on_runs, **sizes))
    return Comparison(outcomes, matched, retention)
