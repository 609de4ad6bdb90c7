"""What the progress pages show, assembled from the figures and drawn as charts.

Kept apart from the views so the learner's own page and the teacher's read-only view
of a student are the same page with a different scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..date_text import counted
from ..timeutil import local_day
from .charts import NO_DATA_MARK, Chart, bar_chart, heatmap
from .learner import (
    AttemptRow,
    Stages,
    Today,
    TopicMastery,
    due_forecast,
    history,
    mastery_by_topic,
    quiz_history,
    stages,
    today_summary,
)
from .period import DateRange
from .scope import Scope


@dataclass(frozen=True)
class LearnerReport:
    today: Today
    stages: Stages
    topics: list[TopicMastery]
    attempts: list[AttemptRow]
    charts: list[Chart]
    # The last day a chosen date range ends on, when before today: the measured share
    # right and the activity charts end there, and the page must not call them "last".
    ends_on: date | None = None

    @property
    def answers_window(self) -> str:
        """The days "Answered right" counts, in words: "the last 30 days", or "the 30
        days to 10 Jul 2024" with an earlier last day chosen."""
        if self.ends_on is None:
            return "the last 30 days"
        return f"the 30 days to {day_words(self.ends_on)}"


def day_words(day: date) -> str:
    """A day as the page's titles give it: "10 Jul 2024"."""
    return f"{day.day} {day:%b %Y}"


def learner_report(scope: Scope, now: datetime, period: DateRange) -> LearnerReport:
    forecast = due_forecast(scope, now)
    past = history(scope, now, period)
    # The history ends today, or on the last day chosen when that is earlier.
    ends_on = past.last_day if past.last_day < local_day(now, scope.user.time_zone) else None
    topics = mastery_by_topic(scope, now)
    due_total = sum(count for _, count in forecast)
    busiest = max(forecast, key=lambda item: item[1])
    weekly = [
        (f"{monday.day}\n{monday:%b}", round(100 * right / answered) if answered else None)
        for monday, right, answered in past.per_week
    ]
    charts = [
        bar_chart(
            "chart-forecast",
            "Reviews due, next 14 days",
            [(f"{day:%a}\n{day.day}", count) for day, count in forecast],
            "Reviews due",
            (
                f"{counted(due_total, 'review')} due over the next 14 days; most on "
                f"{busiest[0].strftime('%A %d %B')} ({busiest[1]})."
                if due_total
                else "Nothing falls due in the next 14 days."
            ),
        ),
        heatmap(
            "chart-activity",
            "Reviews per day, "
            + (f"12 weeks to {day_words(ends_on)}" if ends_on else "last 12 weeks"),
            past.per_day,
            past.first_day,
            past.last_day,
        ),
        bar_chart(
            "chart-accuracy",
            "Share answered correctly, per week",
            weekly,
            "Correct",
            accuracy_summary([value for _, value in weekly]),
            unit="%",
            maximum=100,
            ends_now=True,
        ),
    ]
    return LearnerReport(
        today=today_summary(scope, now),
        stages=stages(scope, now, period),
        topics=topics,
        attempts=quiz_history(scope, period),
        charts=charts,
        ends_on=ends_on,
    )


def accuracy_summary(weekly_percents: list[int | None]) -> str:
    """The accuracy chart's one-line text alternative, worded for one week or several;
    weeks without answers (``None``) are said to be no data, as the chart marks them."""
    answered = [percent for percent in weekly_percents if percent is not None]
    if not answered:
        return "No reviews in these weeks yet."
    if len(answered) == 1:
        said = f"{answered[0]}% answered correctly, in the one week with reviews."
    else:
        said = (
            f"Accuracy ranged from {min(answered)}% to {max(answered)}% "
            f"over {len(answered)} weeks with reviews."
        )
    empty = len(weekly_percents) - len(answered)
    if not empty:
        return said
    weeks = "week" if empty == 1 else f"{empty} weeks"
    return f"{said} The other {weeks} had no answers: no data, marked {NO_DATA_MARK}, not 0%."
