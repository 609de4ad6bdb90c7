"""Not a scheduler: a schedule that reads the learners' true memory, to show the most
any scheduler aiming at a chance of recall could save under a ground truth.

It brings each fact back on the day its *true* chance of recall falls to its retention,
which no real scheduler can know; where even it needs more than 0.8x SM-2's reviews at
SM-2's recall, no retention-aiming scheduler can meet the goal under that truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import fsrs_math as fm
from .memory import Bools, GroundTruth, Population
from .run import TruthFactory


@dataclass
class OraclePolicy:
    truth_factory: TruthFactory  # the truth the run uses: the oracle keeps its own copy
    retention: float = 0.9
    name: str = "oracle (knows the true memory)"
    first_day_answers: int = 1
    _truth: GroundTruth = field(init=False, repr=False)

    def reset(self, shape: tuple[int, int], seed: int) -> None:
        # The runner draws its population from the same seed: the same learners and facts.
        self._truth = self.truth_factory(Population.draw(shape[0], shape[1], seed))

    def introduce(self, mask: Bools, day: int) -> fm.Floats:
        self._truth.introduce(mask, day)
        return self._truth.wait_until(mask, self.retention)

    def review(self, mask: Bools, recalled: Bools, day: int) -> fm.Floats:
        self._truth.review(mask, recalled, day)
        return self._truth.wait_until(mask, self.retention)
