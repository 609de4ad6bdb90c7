"""The memory model behind the demo history, kept apart from the SQL that writes it.

Each student has an ability, a pace (how many new facts a day) and a study hour; each
fact a difficulty. A fact is met on a day set by the student's pace, then reviewed on
an expanding schedule (gaps growing by ``GAP_GROWTH``, stretched for able students and
easy facts). Whether a review is right is drawn from the FSRS-6 forgetting curve:
p = (1 + factor · gap / S) ** -decay, where the memory's stability S grows with each
review (``STABILITY_GROWTH``) and with ability minus difficulty. So answers get better
with practice, worse after long gaps, and differ by learner and by fact. A learner
grading their own flashcard says Easy or Hard by the same chance of recall.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

GAP_GROWTH = 1.6  # each gap between reviews is this much longer than the one before
STABILITY_GROWTH = 1.7  # each review makes the memory this much more stable
FIRST_STABILITY_DAYS = 0.6  # stability after the first meeting, for an average pair
MAX_REVIEWS_PER_FACT = 24
# A flashcard is graded by its learner. Of the right answers, those recalled with a chance
# of at least EASY_ABOVE are Easy this share of the time (a fact known cold), and those
# recalled with a chance under HARD_BELOW are Hard this share of the time (a near thing).
EASY_ABOVE, EASY_SHARE = 0.88, 0.4  # a memory reviewed a few times and kept well
HARD_BELOW, HARD_SHARE = 0.7, 0.45  # a first meeting with a hard fact, mostly
QUIZ_QUESTIONS = 5  # one quiz a week per student, on the facts met that week


@dataclass(frozen=True)
class Student:
    index: int
    ability: float  # about N(0, 0.5): added to a fact's ease
    pace: float  # share of the facts met by the end of the period, 0.75-1.1 of the plan
    hour: int  # the hour of the daily session on the student's own clock


@dataclass(frozen=True)
class Step:
    """The k-th review of a fact: its day offset and gap on the plain schedule, and how
    much more stable the memory is by then."""

    k: int
    offset: float
    gap: float
    growth: float


def draw_students(count: int, rng: random.Random) -> list[Student]:
    return [
        Student(
            index=n,
            ability=max(-1.5, min(1.5, rng.gauss(0, 0.5))),
            pace=rng.uniform(0.75, 1.1),
            hour=rng.choice((7, 8, 12, 15, 16, 17, 18, 19)),  # before school, lunch, after
        )
        for n in range(count)
    ]


def draw_difficulties(count: int, rng: random.Random) -> list[float]:
    return [max(-1.5, min(1.5, rng.gauss(0, 0.5))) for _ in range(count)]


def steps() -> list[Step]:
    result = []
    offset = 0.0
    for k in range(MAX_REVIEWS_PER_FACT):
        gap = 0.0 if k == 0 else GAP_GROWTH ** (k - 1)
        offset += gap
        result.append(Step(k, offset, gap, STABILITY_GROWTH ** max(k - 1, 0)))
    return result
