"""Goal 4's measurement: reviews our scheduler needs for SM-2's recall, simulated.

500 learners study the shipped bank for 60 and 365 days under both ground truths
(``quizapp.simulation``); the figure is our reviews at the cheapest desired retention
that recalls at least as well as SM-2, over SM-2's reviews. The row "true weights" runs
our scheduler with each simulated learner's own FSRS weights: the ceiling of fitting
weights per learner (``flask scheduler optimize``).
"""

from __future__ import annotations

from pathlib import Path

from quizapp.loader import check_path
from quizapp.scheduling import DEFAULT_PARAMETERS
from quizapp.simulation import compare
from quizapp.simulation.compare import GOAL_REVIEWS_RATIO
from quizapp.simulation.memory import FsrsTruth

from .table import Row

SHIPPED_BANK = Path(__file__).resolve().parents[2] / "content" / "defectors-day"


def run(quick: bool) -> list[Row]:
    facts = check_path(SHIPPED_BANK).fact_count
    learners = 100 if quick else 500
    rows = []
    for days in (60, 365):
        comparison = compare(DEFAULT_PARAMETERS, facts=facts, learners=learners, days=days)
        for matched in comparison.equal_recall:
            truth = "FSRS-6 truth" if matched.truth == FsrsTruth.name else "half-life truth"
            weights = "" if matched.weights == "default weights" else ", true weights"
            rows.append(
                Row(
                    f"reviews ÷ SM-2's at its recall, {truth}{weights}, {days} days",
                    matched.reviews,
                    matched.sm2_reviews,
                    "reviews/learner",
                    matched.reviews_ratio,
                    f"<= {GOAL_REVIEWS_RATIO}",
                    matched.met,
                )
            )
    return rows
