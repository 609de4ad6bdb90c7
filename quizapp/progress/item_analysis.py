"""Item analysis of quiz questions, with the definitions of Moodle's quiz statistics.

For each question, over the finished attempts that contained it, with x = the mark on
the question (0 or 1 here) and X = the same attempt's marks on the OTHER questions:

- facility index = mean(x) / maximum mark — the share who got it right;
- discrimination index = 100 · Cov(x, X) / sqrt(V(x) · V(X)), sample (n - 1)
  variances — do students who do well elsewhere also get this one right?

Flags (thresholds follow Moodle's bands for "very easy"/"difficult" questions):
very easy when facility > 0.90; very hard when facility < 0.20; negative discrimination
when the index is below 0 (the question may be misleading or its key wrong).
Flags need at least ``MIN_ATTEMPTS_TO_FLAG`` attempts.
Discrimination is undefined (None) with fewer than two attempts or when either x or X
never varies.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ScalarSelect, Select, select

from ..extensions import db
from ..models import (
    AnonymousAttempt,
    Bank,
    Classroom,
    Fact,
    Question,
    QuizAttempt,
    Review,
    kind_label,
)
from ..name_keys import by_name
from .classroom import class_fact_ids, members
from .period import DateRange
from .scope import class_bank_ids

VERY_EASY_ABOVE = 0.90
VERY_HARD_BELOW = 0.20
# One or two attempts say nothing about a question; flags wait for this many.
MIN_ATTEMPTS_TO_FLAG = 5


@dataclass(frozen=True)
class ItemStatistics:
    attempts: int
    facility: float
    discrimination: float | None
    flags: tuple[str, ...] = field(default=())

    @property
    def shown_facility(self) -> int:
        """The facility as the page shows it, a whole percent ("90%" for 0.905)."""
        return shown_percent(self.facility)

    @property
    def shown_discrimination(self) -> float | None:
        """The index as the page shows it, to one decimal, and never "-0.0": an index of
        0 comes out of floating point as -2.7e-15 as often as not."""
        return None if self.discrimination is None else shown_index(self.discrimination)


def shown_index(value: float) -> float:
    return round(value, 1) + 0.0  # adding 0.0 turns -0.0 into 0.0


def shown_percent(share: float) -> int:
    """A share as a whole percent, rounded as the page's ``%.0f`` rounds it."""
    return int(f"{100 * share:.0f}")


def item_statistics(
    attempts: Sequence[Mapping[int, float]], max_mark: float = 1.0
) -> dict[int, ItemStatistics]:
    """Statistics per question id from each attempt's marks ({question id: mark})."""
    per_item: defaultdict[int, list[tuple[float, float]]] = defaultdict(list)
    for marks in attempts:
        total = sum(marks.values())
        for question_id, mark in marks.items():
            per_item[question_id].append((mark, total - mark))
    return {question_id: _statistics(pairs, max_mark) for question_id, pairs in per_item.items()}


def _statistics(pairs: list[tuple[float, float]], max_mark: float) -> ItemStatistics:
    n = len(pairs)
    facility = sum(x for x, _ in pairs) / n / max_mark
    discrimination = None
    if n >= 2:
        mean_x = sum(x for x, _ in pairs) / n
        mean_rest = sum(rest for _, rest in pairs) / n
        covariance = sum((x - mean_x) * (rest - mean_rest) for x, rest in pairs) / (n - 1)
        var_x = sum((x - mean_x) ** 2 for x, _ in pairs) / (n - 1)
        var_rest = sum((rest - mean_rest) ** 2 for _, rest in pairs) / (n - 1)
        if var_x > 0 and var_rest > 0:
            discrimination = 100 * covariance / math.sqrt(var_x * var_rest)
    flags: list[str] = []
    if n < MIN_ATTEMPTS_TO_FLAG:
        return ItemStatistics(n, facility, discrimination)
    # Judged as shown: a question shown at "90%" is not above 90%.
    shown = shown_percent(facility)
    if shown > shown_percent(VERY_EASY_ABOVE):
        flags.append("very easy")
    if shown < shown_percent(VERY_HARD_BELOW):
        flags.append("very hard")
    if discrimination is not None and shown_index(discrimination) < 0:
        flags.append("negative discrimination")
    return ItemStatistics(n, facility, discrimination, tuple(flags))


@dataclass(frozen=True)
class ItemRow:
    question_id: int
    bank: str
    fact_key: str
    question_key: str
    kind: str
    prompt: str
    stats: ItemStatistics

    @property
    def kind_label(self) -> str:
        """The question's kind in words ("multiple choice"), never an internal key."""
        return kind_label(self.kind)


def class_item_analysis(
    classroom: Classroom, period: DateRange | None = None, time_zone: str = "UTC"
) -> list[ItemRow]:
    """Every question of the class's banks answered in a finished quiz by its students
    as members (``ClassMembers.keep_attempts``: a private quiz started before joining
    was private practice), in bank and story order, with the kept attempts of deleted
    accounts. Four statements for any class size."""
    period = period or DateRange()
    attempts = (
        members(classroom)
        .keep_attempts(
            select(QuizAttempt.id).where(
                QuizAttempt.bank_id.in_(class_bank_ids(classroom)),
                QuizAttempt.finished_at.is_not(None),
                *period.conditions(QuizAttempt.started_at, time_zone),
            )
        )
        .scalar_subquery()
    )
    marks = attempt_marks(attempts)
    kept = anonymous_marks(classroom, period, time_zone)
    statistics = item_statistics([*marks.values(), *kept])
    questions = db.session.execute(
        select(Question.id, Bank.title, Fact.key, Question.key, Question.kind, Question.prompt)
        .join(Fact, Fact.id == Question.fact_id)
        .join(Bank, Bank.id == Fact.bank_id)
        .where(Fact.id.in_(class_fact_ids(classroom)))
        .order_by(Bank.title, Fact.position, Question.position, Question.id)
    )
    rows = [ItemRow(*row, stats=statistics[row[0]]) for row in questions if row[0] in statistics]
    return by_name(rows, lambda row: row.bank)  # stable: story order within each bank


def attempt_marks(
    attempt_ids: Select[int] | ScalarSelect[int],
) -> dict[int, dict[int, float]]:
    """{attempt id: {question id: mark}} for these attempts; a question never answered is 0
    and one answered twice keeps its best mark. Two statements."""
    marks: dict[int, dict[int, float]] = {
        attempt_id: dict.fromkeys(question_ids or [], 0.0)
        for attempt_id, question_ids in db.session.execute(
            select(QuizAttempt.id, QuizAttempt.question_ids).where(QuizAttempt.id.in_(attempt_ids))
        )
    }
    for attempt_id, question_id, correct in db.session.execute(
        select(Review.attempt_id, Review.question_id, Review.correct)
        .where(Review.attempt_id.in_(attempt_ids))
        .order_by(Review.id)
    ):
        if attempt_id in marks:
            marks[attempt_id].setdefault(question_id, 0.0)
            marks[attempt_id][question_id] = max(marks[attempt_id][question_id], float(correct))
    return marks


def anonymous_marks(
    classroom: Classroom, period: DateRange, time_zone: str
) -> list[dict[int, float]]:
    """The marks of deleted accounts' attempts kept for this class (``AnonymousAttempt``)."""
    rows = db.session.scalars(
        select(AnonymousAttempt.marks).where(
            AnonymousAttempt.classroom_id == classroom.id,
            AnonymousAttempt.bank_id.in_(class_bank_ids(classroom)),
            *period.conditions(AnonymousAttempt.started_at, time_zone),
        )
    )
    return [{int(question_id): mark for question_id, mark in marks} for marks in rows]
