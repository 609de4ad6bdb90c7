"""A teacher's view of one class: the roster, the facts most forgotten (who may see it:
``teach.access``).

Each figure is computed for the whole class in a fixed number of SQL statements
(students, memory states, review totals, quiz averages), however many students there are.
Figures are limited to the banks assigned to the class, and to what each student did
from the moment they joined it (``scope.ClassMembers``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Assignment, Bank, Classroom, Enrollment, Fact, QuizAttempt, Review, User
from ..name_keys import by_name, name_key, name_order
from .measures import (
    AnswerFigures,
    MemoryFigures,
    answer_figures,
    learners_rows,
    memory_figures,
    todays_starts,
)
from .period import DateRange
from .scope import ClassMembers, active_fact_ids, class_bank_ids


def class_fact_ids(classroom: Classroom) -> Select[int]:
    return active_fact_ids(class_bank_ids(classroom))


def enrolled_ids(classroom: Classroom) -> Select[int]:
    return select(Enrollment.student_id).where(Enrollment.classroom_id == classroom.id)


def members(classroom: Classroom) -> ClassMembers:
    """The class's students, each counted from the moment they joined."""
    return ClassMembers(classroom.id)


# --- One member's work -------------------------------------------------------------------


@dataclass(frozen=True)
class MemberWork:
    """What of one student the class's figures count now: what removing them takes out."""

    answers: int
    quizzes: int  # finished quizzes the class counts
    unfinished_class_quizzes: int  # quizzes the class set, begun and not finished

    @property
    def nothing(self) -> bool:
        return not (self.answers or self.quizzes or self.unfinished_class_quizzes)


def member_work(classroom: Classroom, student_id: int) -> MemberWork:
    """The student's answers and quizzes that count for the class (as its figures and
    downloads count them), and the class's quizzes they have not finished."""
    answers = members(classroom).keep(
        select(func.count(Review.id)).where(
            Review.user_id == student_id, Review.fact_id.in_(class_fact_ids(classroom))
        ),
        Review.user_id,
        Review.reviewed_at,
    )
    quizzes = members(classroom).keep_attempts(
        select(func.count(QuizAttempt.id)).where(
            QuizAttempt.user_id == student_id,
            QuizAttempt.bank_id.in_(class_bank_ids(classroom)),
            QuizAttempt.finished_at.is_not(None),
        )
    )
    unfinished = select(func.count(QuizAttempt.id)).where(
        QuizAttempt.user_id == student_id,
        QuizAttempt.finished_at.is_(None),
        QuizAttempt.assignment_id.in_(
            select(Assignment.id).where(Assignment.classroom_id == classroom.id)
        ),
    )
    return MemberWork(
        db.session.scalar(answers) or 0,
        db.session.scalar(quizzes) or 0,
        db.session.scalar(unfinished) or 0,
    )


# --- Roster ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterRow:
    student_id: int
    name: str
    email: str
    facts_learned: int  # facts studied at least once (they have a memory state)
    facts_mature: int
    predicted_recall: float | None  # scheduler's mean retrievability, facts not seen today
    right_30_days: float | None  # share of answers right in the 30 days before the end
    answers_30_days: int
    reviews_7_days: int  # answers in the 7 days before the range's end (default: now)
    last_active: datetime | None
    quiz_average: float | None  # mean percent of finished quiz attempts


SORT_KEYS: dict[str, Callable[[RosterRow], Any]] = {
    "name": lambda row: name_order(row.name),
    "learned": lambda row: row.facts_learned,
    "mature": lambda row: row.facts_mature,
    "right": lambda row: row.right_30_days,
    "predicted": lambda row: row.predicted_recall,
    "reviews": lambda row: row.reviews_7_days,
    "last_active": lambda row: row.last_active,
    "quiz": lambda row: row.quiz_average,
}


def roster(
    classroom: Classroom, now: datetime, period: DateRange | None = None, time_zone: str = "UTC"
) -> list[RosterRow]:
    """One row per enrolled student, in ``name_order``; four statements for any class size,
    each reading only the class's rows (and only a 30-day window of its answers)."""
    period = period or DateRange()
    end = min(period.end_utc(time_zone) or now, now)
    facts = class_fact_ids(classroom)
    history = aliased(Review, class_answers(classroom, period, time_zone, end))
    last_active = (
        select(history.user_id, func.max(history.reviewed_at).label("at"))
        .where(history.fact_id.in_(facts))
        .group_by(history.user_id)
        .subquery()
    )
    students = db.session.execute(
        select(User.id, User.display_name, User.email, last_active.c.at, User.time_zone)
        .join(Enrollment, Enrollment.student_id == User.id)
        .outerjoin(last_active, last_active.c.user_id == User.id)
        .where(Enrollment.classroom_id == classroom.id)
        .order_by(User.id)
    ).all()
    today_starts = todays_starts((student.time_zone for student in students), now)
    memory = memory_figures(members(classroom), facts, now, today_starts)
    answers = answer_figures(members(classroom), facts, end)
    quizzes = _quiz_averages(classroom, period, time_zone)
    rows = []
    for student_id, name, email, active_at, _zone in students:
        mine = memory.get(student_id, MemoryFigures())
        answered = answers.get(student_id, AnswerFigures())
        rows.append(
            RosterRow(
                student_id=student_id,
                name=name,
                email=email,
                facts_learned=mine.learned,
                facts_mature=mine.mature,
                predicted_recall=mine.predicted_recall,
                right_30_days=answered.share_right,
                answers_30_days=answered.answers,
                reviews_7_days=answered.recent,
                last_active=active_at,
                quiz_average=quizzes.get(student_id),
            )
        )
    return by_name(rows, lambda row: row.name)


def shared_names(rows: Sequence[RosterRow]) -> set[int]:
    """The students whose name another row has too (``name_key``: case and spacing
    aside), whose rows also show their email: two 김민지 in a class of 35 is no rarity,
    and a name alone would not tell the teacher whose figures are whose."""
    names = Counter(name_key(row.name) for row in rows)
    return {row.student_id for row in rows if names[name_key(row.name)] > 1}


def class_answers(
    classroom: Classroom, period: DateRange, time_zone: str, end: datetime | None = None
) -> Any:
    """The class's students' answers in the range since each joined (fact, right or
    wrong, time), read by the (user, time) index before any filter on facts (see
    ``learners_rows``)."""
    conditions = period.conditions(Review.reviewed_at, time_zone)
    if end is not None:
        conditions.append(Review.reviewed_at < end)
    return learners_rows(
        members(classroom).keep(
            select(Review.user_id, Review.fact_id, Review.correct, Review.reviewed_at).where(
                *conditions
            ),
            Review.user_id,
            Review.reviewed_at,
        ),
        "class_answers",
    )


def sort_roster(rows: list[RosterRow], key: str, descending: bool = False) -> list[RosterRow]:
    """Sort by a known column; rows without a value (never active, no quiz) go last."""
    getter = SORT_KEYS.get(key, SORT_KEYS["name"])
    present = [row for row in rows if getter(row) is not None]
    missing = [row for row in rows if getter(row) is None]
    return sorted(present, key=getter, reverse=descending) + missing


def _quiz_averages(classroom: Classroom, period: DateRange, time_zone: str) -> dict[int, float]:
    percent = 100.0 * QuizAttempt.score / QuizAttempt.max_score
    query = members(classroom).keep_attempts(
        select(QuizAttempt.user_id, func.avg(percent))
        .where(
            QuizAttempt.bank_id.in_(class_bank_ids(classroom)),
            QuizAttempt.finished_at.is_not(None),
            QuizAttempt.max_score > 0,
            *period.conditions(QuizAttempt.started_at, time_zone),
        )
        .group_by(QuizAttempt.user_id)
    )
    return {user_id: float(average) for user_id, average in db.session.execute(query)}


class _FromABank(Protocol):
    @property
    def bank(self) -> str: ...


def only_bank(rows: Sequence[_FromABank]) -> str | None:
    """The bank every row comes from, else ``None`` (none, or several). A list from one
    bank names it once; only a list that mixes banks names each row's (one bank's name
    after every line of a one-bank class was noise)."""
    banks = {row.bank for row in rows}
    return banks.pop() if len(banks) == 1 else None


# --- Facts the class forgets most ---------------------------------------------------------


@dataclass(frozen=True)
class ForgottenFact:
    fact_id: int
    statement: str
    bank: str
    wrong: int
    answers: int

    @property
    def share_wrong(self) -> float:
        return self.wrong / self.answers


def most_forgotten_facts(
    classroom: Classroom, period: DateRange | None = None, time_zone: str = "UTC", limit: int = 5
) -> list[ForgottenFact]:
    """Facts with the most wrong answers from the class (ties: the higher share wrong)."""
    period = period or DateRange()
    answer = aliased(Review, class_answers(classroom, period, time_zone))
    wrong = func.sum(case((answer.correct.is_(False), 1), else_=0))
    answers = func.count()
    query = (
        select(Fact.id, Fact.statement, Bank.title, wrong, answers)
        .join(answer, answer.fact_id == Fact.id)
        .join(Bank, Bank.id == Fact.bank_id)
        .where(Fact.id.in_(class_fact_ids(classroom)))
        .group_by(Fact.id, Fact.statement, Bank.title)
        .having(wrong > 0)
        .order_by(wrong.desc(), answers.asc(), Fact.id)
        .limit(limit)
    )
    return [ForgottenFact(*row) for row in db.session.execute(query)]
