"""A learning-efficiency simulator: how many reviews each scheduler costs for how much
is remembered, under ground-truth memory models that are not the scheduler's own.

``compare`` runs every scheduler against every ground truth (``flask scheduler
simulate``); ``simulate`` runs one pair. Needs numpy (the ``simulation`` extra); nothing
here touches the database or Flask.
"""

from .compare import Comparison, EqualRecall, compare, optimal_retention
from .run import Outcome, simulate

__all__ = ["Comparison", "EqualRecall", "Outcome", "compare", "optimal_retention", "simulate"]
