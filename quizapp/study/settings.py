"""A learner's study settings: how much they want to remember, how many new facts a
day, their time zone (their study day), and self-grading for free recall."""

from __future__ import annotations

from datetime import datetime

from ..extensions import db
from ..models import User
from ..timeutil import as_utc, zone
from .queue import Scope, summary
from .study_day import carry_day_into

DEFAULT_RETENTION = 0.9


def save_study_settings(
    user: User,
    desired_retention: float | None,
    daily_new_limit: int | None,
    time_zone: str | None,
    prefers_self_grading: bool,
    now: datetime,
) -> datetime | None:
    """Store the settings; an empty field falls back to the default the form offers.
    A new time zone carries the study day in progress over (``carry_day_into``): the
    instant that day now ends is returned, to tell the learner; otherwise None."""
    user.desired_retention = round(float(desired_retention or DEFAULT_RETENTION), 2)
    user.daily_new_limit = int(daily_new_limit or 0)
    carried_until = move_to_time_zone(user, time_zone, now)
    user.prefers_self_grading = prefers_self_grading
    db.session.commit()
    return carried_until


def use_time_zone(user: User, time_zone: str, now: datetime) -> datetime | None:
    """Move ``user`` to ``time_zone`` alone (the home page's offer of their device's
    zone), as the settings form would; the carried day's end, or None."""
    carried_until = move_to_time_zone(user, time_zone, now)
    db.session.commit()
    return carried_until


def move_to_time_zone(user: User, time_zone: str | None, now: datetime) -> datetime | None:
    """Set ``user``'s zone (uncommitted). A new zone carries the study day in progress
    over (``carry_day_into``) once it has paid for new facts: the instant that day now
    ends is returned; else None. With none met yet there is no budget to protect, and a
    carried day would only push the next one back (a learner taking their own zone
    before they first study would lose the next day's new facts)."""
    new_zone = (time_zone or "UTC").strip()
    if new_zone == user.time_zone:
        return None
    if summary(user, Scope(), now).new_today:
        carry_day_into(user, new_zone, now)
    else:
        user.carried_day_start = user.carried_day_end = None
    user.time_zone = new_zone
    return user.carried_day_end


def day_goes_on(day_ends: datetime | None, time_zone: str) -> str:
    """The sentence telling a learner who changed zone when their new facts come back
    (empty when the zone did not change)."""
    if day_ends is None:
        return ""
    local = as_utc(day_ends).astimezone(zone(time_zone))
    return (
        f" Your study day now ends at {local:%H:%M on %a %d %b %Y} ({time_zone}):"
        " changing time zone gives no extra new facts today."
    )
