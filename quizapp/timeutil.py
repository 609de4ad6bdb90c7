"""Time helpers: the app stores and compares instants in aware UTC only."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones


def now_utc() -> datetime:
    """The current instant, timezone-aware in UTC (what ``fsrs`` insists on)."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Treat a naive datetime as UTC and convert an aware one to UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def zone(name: str | None) -> ZoneInfo:
    """The named time zone, falling back to UTC for an unknown or empty name."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_day(moment: datetime, time_zone: str | None) -> date:
    """The calendar day ``moment`` falls on for someone living in ``time_zone``."""
    return as_utc(moment).astimezone(zone(time_zone)).date()


def day_start(day: date, time_zone: str | None) -> datetime:
    """The UTC instant at which ``day`` begins for someone living in ``time_zone``."""
    return datetime.combine(day, time.min, tzinfo=zone(time_zone)).astimezone(UTC)


def days_later(moment: datetime, days: int, time_zone: str | None) -> datetime:
    """The same time on the clock of someone living in ``time_zone``, ``days`` calendar
    days after ``moment`` (as UTC). Across a clock change a day has 23 or 25 hours: a
    fact answered at 23:30 the night before one that waits a day must come back the next
    evening, not at 00:30 the day after, nor the same night."""
    local = as_utc(moment).astimezone(zone(time_zone))
    return (local + timedelta(days=days)).astimezone(UTC)  # aware + timedelta: wall clock


def day_bounds(now: datetime, time_zone: str | None) -> tuple[datetime, datetime]:
    """The UTC start (inclusive) and end (exclusive) of the local day ``now`` falls on.

    Daily limits and "today" figures reset at the learner's midnight, not the server's."""
    today = local_day(now, time_zone)
    return day_start(today, time_zone), day_start(today + timedelta(days=1), time_zone)


# Names the zone database holds that are not places: the server's own clock, and a
# placeholder whose abbreviation is "-00".
_NOT_A_PLACE = frozenset({"localtime", "Factory", "posixrules"})


@cache
def _time_zones_by_key() -> dict[str, str]:
    return {_zone_key(zone): zone for zone in available_timezones() - _NOT_A_PLACE}


def _zone_key(name: str) -> str:
    return name.strip().replace(" ", "_").casefold()


# The zone database's areas that hold places; its other names ("US/Pacific", "ROK",
# "Etc/GMT+9") are old aliases of these, left out of the list a learner picks from.
_PLACE_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia"}
    | {"Europe", "Indian", "Pacific"}
)
DEFAULT_TIME_ZONE = "UTC"


@cache
def _place_time_zones() -> tuple[str, ...]:
    places = (name for name in _time_zones_by_key().values() if name.split("/")[0] in _PLACE_AREAS)
    return (DEFAULT_TIME_ZONE, *sorted(places))


def time_zone_choices(current: str | None) -> list[str]:
    """The zones a learner picks from: UTC, then every place by its IANA name, A to Z; a
    learner's own zone is kept in the list even when it is one of the old aliases."""
    places = list(_place_time_zones())
    return places if not current or current in places else [current, *places]


def time_zone_named(typed: str) -> str | None:
    """The time zone a person typed, by its IANA name: "utc" is UTC and "america/new york"
    America/New_York (case and spaces for underscores do not matter); None if unknown."""
    return _time_zones_by_key().get(_zone_key(typed))
