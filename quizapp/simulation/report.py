"""A comparison as text lines, for the command line and the benchmark log."""

from __future__ import annotations

from collections.abc import Iterator

from .compare import ORACLE, Comparison


def comparison_lines(comparison: Comparison) -> Iterator[str]:
    first = comparison.outcomes[0]
    yield (
        f"{first.learners} learners, {first.facts} facts, {first.days} days "
        f"(optimal retention for our scheduler: {comparison.retention:.2f})"
    )
    header = (
        f"{'ground truth':<36}{'scheduler':<32}{'reviews':>9}{'recall':>8}{'per 100':>9}"
        f"{'busiest day':>13}"
    )
    yield header
    yield "-" * len(header)
    for outcome in comparison.outcomes:
        yield (
            f"{outcome.truth:<36}{outcome.scheduler:<32}{outcome.reviews_per_learner:>9.1f}"
            f"{outcome.recall_at_end:>8.3f}{outcome.remembered_per_100_reviews:>9.1f}"
            f"{outcome.busiest_day:>13.1f}"
        )
    for matched in comparison.equal_recall:
        if matched.retention is None:
            yield (
                f"{matched.truth}: no retention recalls as well as SM-2 ({matched.sm2_recall:.3f})"
            )
            continue
        verdict = "goal met" if matched.met else "goal (<= 0.80) missed"
        who = matched.weights if matched.weights == ORACLE else f"ours with {matched.weights}"
        yield (
            f"{matched.truth}, {who}: at retention "
            f"{matched.retention:.2f} ours recalls "
            f"{matched.recall:.3f} (SM-2 {matched.sm2_recall:.3f}) with "
            f"{matched.reviews_ratio:.2f}x SM-2's reviews: {verdict}"
        )
