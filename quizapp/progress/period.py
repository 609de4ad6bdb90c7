"""Calendar days in a person's time zone, and the optional date range every view accepts.

Days are what people think in ("today", "last week"); the database stores instants in
UTC. These helpers turn one into the other so every figure agrees on where a day ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from ..timeutil import day_start


def week_start(day: date) -> date:
    """The Monday of ``day``'s week (ISO weeks)."""
    return day - timedelta(days=day.weekday())


class DateRangeError(ValueError):
    """A date range a person typed that cannot be used, with a message for them."""


# Far from the calendar's edges (0001-01-01, 9999-12-31), where adding a day or a time
# zone's offset overflows; far wider than any school's records.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)


def check_day(day: date | None, label: str) -> None:
    """Refuse a day outside ``EARLIEST_DAY``..``LATEST_DAY`` (``DateRangeError``)."""
    if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
        raise DateRangeError(
            f"The '{label}' date must be between {EARLIEST_DAY.isoformat()} "
            f"and {LATEST_DAY.isoformat()}."
        )


@dataclass(frozen=True)
class DateRange:
    """Inclusive calendar days ``first``..``last``; either end may be open."""

    first: date | None = None
    last: date | None = None

    def __post_init__(self) -> None:
        check_day(self.first, "from")
        check_day(self.last, "to")
        if self.first and self.last and self.first > self.last:
            raise DateRangeError("The 'from' date must not be after the 'to' date.")

    @property
    def is_open(self) -> bool:
        return self.first is None and self.last is None

    def start_utc(self, time_zone: str | None) -> datetime | None:
        return None if self.first is None else day_start(self.first, time_zone)

    def end_utc(self, time_zone: str | None) -> datetime | None:
        """The instant just after the last day (exclusive bound)."""
        return None if self.last is None else day_start(self.last + timedelta(days=1), time_zone)

    def conditions(
        self,
        column: ColumnElement[datetime] | InstrumentedAttribute[datetime],
        time_zone: str | None,
    ) -> list[ColumnElement[bool]]:
        """SQL conditions keeping ``column`` inside the range (none for an open range)."""
        start, end = self.start_utc(time_zone), self.end_utc(time_zone)
        conditions = []
        if start is not None:
            conditions.append(column >= start)
        if end is not None:
            conditions.append(column < end)
        return conditions

    def as_query(self) -> dict[str, str]:
        """The range as query-string arguments, to keep it on links (sorting, exports)."""
        values = {"from": self.first, "to": self.last}
        return {key: value.isoformat() for key, value in values.items() if value is not None}

    @classmethod
    def parse(cls, first: str | None, last: str | None) -> DateRange:
        """Read ``YYYY-MM-DD`` strings (blank means open); raise ``DateRangeError``."""
        return cls(_parse_day(first, "from"), _parse_day(last, "to"))


def _parse_day(text: str | None, label: str) -> date | None:
    if not text or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise DateRangeError(
            f"The '{label}' date must look like 2024-07-14 (year-month-day)."
        ) from error
