"""The learner's own calendar day, as a span of UTC instants the database can compare."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from ..timeutil import as_utc, local_day, zone


def day_bounds(now: datetime, time_zone: str | None) -> tuple[datetime, datetime]:
    """The UTC start (inclusive) and end (exclusive) of the local day ``now`` falls on.

    Daily limits reset at the learner's midnight, not the server's."""
    tz = zone(time_zone)
    today = local_day(now, time_zone)
    start = datetime.combine(today, time.min, tzinfo=tz)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=tz)
    return as_utc(start), as_utc(end)
