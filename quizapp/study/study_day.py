"""The learner's study day: the span whose new facts one day's budget pays for.

It is their time zone's calendar day, except just after they change zone. Then the day
in progress goes on until a midnight of the new zone: otherwise a change made just past
the new zone's midnight (Pago Pago to Kiritimati, 25 hours ahead) would start a new day
at once, with a fresh budget, minutes after the old one was spent. The day goes on to
the new zone's midnight nearest to where the old day would have ended (never one already
past), so moving east or west neither refills the budget early nor skips a day of it.
The stretched day is stored on the learner (``carried_day_start``/``_end``), so a
second change carries it on again rather than escaping it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..models import User
from ..timeutil import as_utc, day_bounds

# How far before the old day's end the new zone's midnight may fall and still end it.
_NEAREST = timedelta(hours=12)


def study_day(user: User, now: datetime) -> tuple[datetime, datetime]:
    """The UTC start (inclusive) and end (exclusive) of ``user``'s study day at ``now``."""
    start, end = user.carried_day_start, user.carried_day_end
    if start is not None and end is not None and as_utc(start) <= now < as_utc(end):
        return as_utc(start), as_utc(end)
    return day_bounds(now, user.time_zone)


def study_day_key(user: User, now: datetime) -> str:
    """The study day at ``now`` named by the moment it began (UTC, ISO 8601's basic
    form, "20261127T0500Z"): the same all through a carried day, even past the new
    zone's midnight, and never the same for two study days, whatever zones they were
    in (a calendar date can name two: yesterday's, and today's carried back by a move
    west)."""
    return study_day(user, now)[0].strftime("%Y%m%dT%H%MZ")


def carry_day_into(user: User, time_zone: str, now: datetime) -> None:
    """Before ``user`` moves to ``time_zone`` at ``now``: their day in progress goes on
    until the new zone's midnight nearest its old end, and never one already past."""
    start, end = study_day(user, now)
    _today_start, new_end = day_bounds(max(now, end - _NEAREST), time_zone)
    user.carried_day_start, user.carried_day_end = start, new_end
