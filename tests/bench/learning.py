"""Goal 4's measurement: reviews our scheduler needs for SM-2's recall, simulated.

500 learners study the shipped bank for 60 and 365 days under both ground truths
(``quizapp.simulation``); the figure is our reviews at the cheapest desired retention
that recalls at least as well as SM-2, over SM-2's reviews. The row "true weights" runs
our scheduler with each simulated learner's own FSRS weights: the ceiling of fitting
weights per learner (``flask scheduler optimize``); the row "oracle" a schedule that reads
the true memory (``quizapp.simulation.oracle``): the ceiling of any scheduler that aims
at a chance of recall.
"""

from __future__ import annotations

from pathlib import Path

from quizapp.loader import check_path
from quizapp.scheduling import DEFAULT_PARAMETERS
from quizapp.simulation import compare
from quizapp.simulation.compare import DEFAULT_WEIGHTS, GOAL_REVIEWS_RATIO, ORACLE, TRUE_WEIGHTS
from quizapp.simulation.memory import FsrsTruth

from .table import Row

_WHO = {DEFAULT_WEIGHTS: "", TRUE_WEIGHTS: ", true weights", ORACLE: ", oracle"}
SHIPPED_BANK = Path(__file__).resolve().parents[2] / "content" / "defectors-day"


def run(quick: bool) -> list[Row]:
    facts = check_path(SHIPPED_BANK).fact_count
    learners = 100 if quick else 500
    rows = []
    for days in (60, 365):
        comparison = compare(DEFAULT_PARAMETERS, facts=facts, learners=learners, days=days)
        for matched in comparison.equal_recall:
            truth = "FSRS-6 truth" if matched.truth == FsrsTruth.name else "half-life truth"
            who = _WHO[matched.weights]
            rows.append(
                Row(
                    f"reviews ÷ SM-2's at its recall, {truth}{who}, {days} days",
                    matched.reviews,
                    matched.sm2_reviews,
                    "reviews/learner",
                    matched.reviews_ratio,
                    f"<= {GOAL_REVIEWS_RATIO}",
                    matched.met,
                )
            )
    return rows
