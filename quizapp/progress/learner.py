"""A learner's figures: today, facts by stage, forecast, activity, accuracy, mastery, quizzes.

Every function takes a ``Scope`` (whose progress, over which banks) and the current
instant, so tests can pin time and teachers see only their class's banks. Days are the
learner's own calendar days (``User.time_zone``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import Select, case, exists, func, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import (
    Assignment,
    Bank,
    Classroom,
    Fact,
    MemoryState,
    QuizAttempt,
    Review,
    User,
)
from ..scheduling import learner_decay
from ..study.queue import LEARN_AHEAD
from ..study.queue import Scope as StudyScope
from ..study.queue import summary as study_summary
from ..timeutil import day_bounds, day_start, local_day
from .measures import (
    AnswerFigures,
    MemoryFigures,
    answer_figures,
    learners_rows,
    memory_figures,
    prediction_cutoff,
    todays_starts,
)
from .period import DateRange, week_start
from .recall import count_where, is_mature, recall_at
from .scope import OneLearner, Scope, class_bank_ids

FORECAST_DAYS = 14
HISTORY_WEEKS = 12
STAGES = ("new", "learning", "young", "mature")


def count_new_facts(scope: Scope) -> int:
    """Facts in scope the learner has never studied ("new" = no memory state yet)."""
    studied = exists().where(MemoryState.user_id == scope.user.id, MemoryState.fact_id == Fact.id)
    query = select(func.count()).select_from(Fact).where(Fact.id.in_(scope.fact_ids), ~studied)
    return db.session.scalar(query) or 0


# --- Today ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Today:
    # Told apart because the study session serves only what is due now: one "due today"
    # figure beside its "nothing to study now" read as a contradiction.
    due_now: int
    due_later_today: int  # due after now, before the learner's midnight
    new_left: int
    new_left_assigned: int  # of ``new_left``, those a class's study assignment pays for
    streak: int

    @property
    def due(self) -> int:
        """Reviews due by the end of the learner's day."""
        return self.due_now + self.due_later_today


def today_summary(scope: Scope, now: datetime) -> Today:
    """Today's figures. "Due now" counts what the session asks now, a fact due within
    minutes too (``study.queue.LEARN_AHEAD``), as the Study link counts it."""
    user = scope.user
    _today_start, tomorrow = day_bounds(now, user.time_zone)
    asked_by = now + LEARN_AHEAD
    due_now, due_later_today = db.session.execute(
        select(
            func.count().filter(MemoryState.due <= asked_by),
            func.count().filter(MemoryState.due > asked_by),
        )
        .select_from(MemoryState)
        .where(
            MemoryState.user_id == user.id,
            MemoryState.fact_id.in_(scope.fact_ids),
            MemoryState.due < tomorrow,
        )
    ).one()
    new_left, new_left_assigned = new_facts_left_today(scope, now)
    return Today(
        due_now=due_now or 0,
        due_later_today=due_later_today or 0,
        new_left=new_left,
        new_left_assigned=new_left_assigned,
        streak=streak(user, now, scope.past_fact_ids),
    )


def new_facts_left_today(scope: Scope, now: datetime) -> tuple[int, int]:
    """New facts the study session will still serve today, and how many of them a
    class's study assignment pays for: the study queue's own counts over every bank (so
    the home page and the session never disagree), capped by the facts still new in
    ``scope`` (a teacher's view of one class sees that class's)."""
    counts = study_summary(scope.user, StudyScope(), now)
    still_new = count_new_facts(scope)
    return min(counts.new_left, still_new), min(counts.new_left_assigned, still_new)


def streak(user: User, now: datetime, fact_ids: Select[int] | None = None) -> int:
    """Days in a row, in the learner's time zone, with at least one review (of
    ``fact_ids``; None: of any fact).

    The run ends today, or yesterday when today has no review yet (the streak is still
    alive until the day is over). Reviews are read newest first and only as far back as
    the run goes.
    """
    today = local_day(now, user.time_zone)
    expected = today
    days = 0
    query = select(Review.reviewed_at).where(Review.user_id == user.id)
    if fact_ids is not None:
        query = query.where(Review.fact_id.in_(fact_ids))
    reviews = db.session.scalars(
        query.order_by(Review.reviewed_at.desc()).execution_options(yield_per=500)
    )
    for reviewed_at in reviews:
        day = local_day(reviewed_at, user.time_zone)
        if day == expected:
            days += 1
            expected = day - timedelta(days=1)
        elif day < expected:
            if days == 0 and day == today - timedelta(days=1):
                days, expected = 1, day - timedelta(days=1)
            else:
                break
    reviews.close()
    return days


# --- Facts by stage, measured and predicted recall ----------------------------------------


@dataclass(frozen=True)
class Stages:
    counts: dict[str, int]
    memory: MemoryFigures  # the scheduler's view: stages and predicted recall
    answers: AnswerFigures  # what the learner really answered in the last 30 days

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def stages(scope: Scope, now: datetime, period: DateRange | None = None) -> Stages:
    """Facts by stage, the predicted recall and the measured share right, three statements."""
    user = scope.user
    who = OneLearner(user.id)
    today_starts = todays_starts([user.time_zone], now)
    memory = memory_figures(who, scope.fact_ids, now, today_starts).get(user.id, MemoryFigures())
    end = min((period or DateRange()).end_utc(scope.dates_zone) or now, now)
    answers = answer_figures(who, scope.past_fact_ids, end)
    counts = {
        "new": count_new_facts(scope),
        "learning": memory.learning,
        "young": memory.learned - memory.mature - memory.learning,
        "mature": memory.mature,
    }
    return Stages(counts, memory, answers.get(user.id, AnswerFigures()))


# --- Forecast --------------------------------------------------------------------------


def due_forecast(scope: Scope, now: datetime, days: int = FORECAST_DAYS) -> list[tuple[date, int]]:
    """Reviews falling due on each of the next ``days`` days; overdue ones count today."""
    time_zone = scope.user.time_zone
    today = local_day(now, time_zone)
    counts: Counter[date] = Counter()
    horizon = day_start(today + timedelta(days=days), time_zone)
    due_times = db.session.scalars(
        select(MemoryState.due).where(
            MemoryState.user_id == scope.user.id,
            MemoryState.fact_id.in_(scope.fact_ids),
            MemoryState.due < horizon,
        )
    )
    for due in due_times:
        counts[max(today, local_day(due, time_zone))] += 1
    return [(today + timedelta(days=n), counts[today + timedelta(days=n)]) for n in range(days)]


# --- History window: activity heatmap and weekly accuracy ------------------------------


@dataclass(frozen=True)
class History:
    """Reviews in the last ``HISTORY_WEEKS`` calendar weeks (Monday to Sunday)."""

    first_day: date
    last_day: date
    per_day: dict[date, int]
    per_week: list[tuple[date, int, int]]  # (Monday, correct, answered)


def history_window(last_day: date, weeks: int = HISTORY_WEEKS) -> tuple[date, date]:
    return week_start(last_day) - timedelta(weeks=weeks - 1), last_day


def history(scope: Scope, now: datetime, period: DateRange | None = None) -> History:
    """Activity per day and accuracy per week, ending today or at the range's last day."""
    time_zone = scope.user.time_zone
    period = period or DateRange()
    # The chosen dates are days of the page's dates zone (the viewer's); the chart's days
    # are the learner's, up to the one the range ends in.
    first_chosen, after_chosen = (
        period.start_utc(scope.dates_zone),
        period.end_utc(scope.dates_zone),
    )
    last_day = local_day(now, time_zone)
    if after_chosen is not None:
        last_day = min(last_day, local_day(after_chosen - timedelta(microseconds=1), time_zone))
    first_day, last_day = history_window(last_day)
    start = day_start(first_day, time_zone)
    start = max(start, first_chosen) if first_chosen is not None else start
    end = day_start(last_day + timedelta(days=1), time_zone)
    end = min(end, after_chosen) if after_chosen is not None else end
    window = learners_rows(
        select(Review.fact_id, Review.reviewed_at, Review.correct).where(
            Review.user_id == scope.user.id,
            Review.reviewed_at >= start,
            Review.reviewed_at < end,
        ),
        "learner_window",
    )
    answer = aliased(Review, window)
    query = select(answer.reviewed_at, answer.correct)
    if scope.past_fact_ids is not None:
        query = query.where(answer.fact_id.in_(scope.past_fact_ids))
    rows = db.session.execute(query)
    return summarise_history(
        ((at, correct) for at, correct in rows), time_zone, first_day, last_day
    )


def summarise_history(
    reviews: Iterable[tuple[datetime, bool]], time_zone: str, first_day: date, last_day: date
) -> History:
    per_day: Counter[date] = Counter()
    weekly: defaultdict[date, list[int]] = defaultdict(lambda: [0, 0])
    for reviewed_at, correct in reviews:
        day = local_day(reviewed_at, time_zone)
        per_day[day] += 1
        tally = weekly[week_start(day)]
        tally[0] += int(bool(correct))
        tally[1] += 1
    mondays = [first_day + timedelta(weeks=n) for n in range((last_day - first_day).days // 7 + 1)]
    per_week = [(monday, weekly[monday][0], weekly[monday][1]) for monday in mondays]
    return History(first_day, last_day, dict(per_day), per_week)


# --- Mastery per topic -----------------------------------------------------------------


@dataclass(frozen=True)
class TopicMastery:
    topic: str
    facts: int
    studied: int
    mature: int
    # Predicted recall now over the topic's facts studied before today, as the page's
    # headline figure ("predicted to recall today"); None when there are none. Facts
    # never studied show in ``studied``, not as a 0 that reads like a prediction.
    mastery: float | None


def mastery_by_topic(scope: Scope, now: datetime) -> list[TopicMastery]:
    """Per topic, in one grouped statement over the scope's facts and the learner's states."""
    seen_today = MemoryState.last_review >= prediction_cutoff(now, scope.user.time_zone)
    recall = recall_at(now, decay=learner_decay(scope.user.scheduler_parameters))
    query = (
        select(
            Fact.topic,
            func.count(Fact.id),
            func.count(MemoryState.id),
            count_where(is_mature()),
            func.sum(case((MemoryState.id.is_not(None) & ~seen_today, recall), else_=0.0)),
            count_where(seen_today),
        )
        .select_from(Fact)
        .outerjoin(
            MemoryState,
            (MemoryState.fact_id == Fact.id) & (MemoryState.user_id == scope.user.id),
        )
        .where(Fact.id.in_(scope.fact_ids))
        .group_by(Fact.topic)
    )
    totals: defaultdict[str, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0, 0])
    for topic, facts, studied, mature, recall, today in db.session.execute(query):
        tally = totals[topic or "Other"]
        for index, value in enumerate((facts, studied, mature, recall or 0.0, today)):
            tally[index] += value
    return [
        TopicMastery(
            topic=topic,
            facts=int(facts),
            studied=int(studied),
            mature=int(mature),
            mastery=recall / (studied - today) if studied > today else None,
        )
        for topic, (facts, studied, mature, recall, today) in sorted(totals.items())
    ]


# --- Quiz history ----------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptRow:
    id: int
    bank: str
    started_at: datetime
    finished_at: datetime | None
    score: float
    max_score: float
    class_name: str | None = None  # the class that set it; None: taken for practice
    outside_class: bool = False  # left out of the class's figures (before joining)

    @property
    def percent(self) -> float | None:
        return 100 * self.score / self.max_score if self.max_score and self.finished_at else None


def class_quiz_attempt(
    classroom: Classroom, student_id: int, attempt_id: int
) -> QuizAttempt | None:
    """A student's finished quiz on one of the class's banks, for their teacher to read
    through: any the student's page lists (before joining too), never one on a bank the
    class does not study, nor one still going."""
    return db.session.scalar(
        select(QuizAttempt).where(
            QuizAttempt.id == attempt_id,
            QuizAttempt.user_id == student_id,
            QuizAttempt.finished_at.is_not(None),
            QuizAttempt.bank_id.in_(class_bank_ids(classroom)),
        )
    )


def quiz_history(scope: Scope, period: DateRange | None = None) -> list[AttemptRow]:
    """Every quiz attempt in scope, newest first (unfinished ones too, without a score),
    each with the class that set it (a class quiz, not practice); on a class's student
    page, each marked when the class's figures leave it out."""
    query = (
        select(
            QuizAttempt.id,
            Bank.title,
            QuizAttempt.started_at,
            QuizAttempt.finished_at,
            QuizAttempt.score,
            QuizAttempt.max_score,
            Classroom.name,
        )
        .join(Bank, Bank.id == QuizAttempt.bank_id)
        .outerjoin(Assignment, Assignment.id == QuizAttempt.assignment_id)
        .outerjoin(Classroom, Classroom.id == Assignment.classroom_id)
        .where(QuizAttempt.user_id == scope.user.id)
        .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
    )
    if scope.past_bank_ids is not None:
        query = query.where(QuizAttempt.bank_id.in_(scope.past_bank_ids))
    query = query.where(
        *(period or DateRange()).conditions(QuizAttempt.started_at, scope.dates_zone)
    )
    rows = [AttemptRow(*row) for row in db.session.execute(query)]
    if scope.classroom is None or not rows:
        return rows
    counted = set(
        db.session.scalars(
            scope.classroom.keep_attempts(
                select(QuizAttempt.id).where(QuizAttempt.id.in_([row.id for row in rows]))
            )
        )
    )
    return [replace(row, outside_class=row.id not in counted) for row in rows]
