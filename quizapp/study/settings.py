"""A learner's study settings: how much they want to remember, how many new facts a
day, their time zone (their study day), and self-grading for free recall."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..banks.access import by_title
from ..extensions import db
from ..models import Assignment, Bank, Enrollment, User
from ..scheduling import DEFAULT_RETENTION, MAX_RETENTION, MIN_RETENTION, review_spacing
from ..timeutil import as_utc, zone
from .queue import Scope, summary
from .study_day import carry_day_into

# The levels offered; a learner's own level between them (set before) is offered too.
RETENTION_CHOICES = (MIN_RETENTION, 0.85, DEFAULT_RETENTION, 0.95, MAX_RETENTION)


def _out_of(share: float) -> str:
    """A share as few facts as say it: 0.8 "8 in 10", 0.95 "19 in 20", 0.97 "97 in 100"."""
    for whole in (10, 20, 100):
        if abs(share * whole - round(share * whole)) < 1e-9:
            return f"{round(share * whole)} in {whole}"
    return f"{share:.0%}"


def _review_cost(retention: float) -> str:
    """What a level means for the reviews, beside the default's."""
    spacing = review_spacing(retention)
    if abs(spacing - 1) < 0.05:
        return "suggested: a balance of reviews and remembering"
    if spacing > 1:
        fewer = "fewest reviews" if retention <= MIN_RETENTION else "fewer reviews"
        return f"{fewer}, about {spacing:.1f} times as far apart as at 90%"
    more = "most reviews" if retention >= MAX_RETENTION else "more reviews"
    return f"{more}, about {1 / spacing:.1f} times as often as at 90%"


def retention_choices(current: float | None) -> list[tuple[str, str]]:
    """The levels a learner picks "how much do you want to remember?" from, as (value,
    words): each says how many facts they would still know when it comes back, and how
    many reviews that takes. Their own level is among them even if set between two."""
    levels = set(RETENTION_CHOICES)
    if current is not None and MIN_RETENTION <= current <= MAX_RETENTION:
        levels.add(round(current, 2))
    return [
        (
            f"{level:.2f}",
            f"{level:.0%}: about {_out_of(level)} facts remembered when they come back; "
            f"{_review_cost(level)}",
        )
        for level in sorted(levels)
    ]


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


def class_paced_banks(user: User) -> tuple[list[Bank], int]:
    """The banks ``user``'s classes assign for study, by title, and how many of their new
    facts a day those assignments allow (the largest budget: the study queue's
    ``assigned_limit``). Their new facts are paid by that budget, never by the learner's
    own daily limit, which the settings page must say beside that limit."""
    rows = db.session.execute(
        select(Bank, Assignment.daily_new_limit)
        .join(Assignment, Assignment.bank_id == Bank.id)
        .join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
        .where(Enrollment.student_id == user.id, Assignment.as_quiz.is_(False))
    ).all()
    banks = by_title({bank.id: bank for bank, _limit in rows}.values())
    return banks, max((limit for _bank, limit in rows), default=0)


def daily_new_limit_description(user: User, plain: str) -> str:
    """The "New facts per day" hint (``plain``), with, for a learner whose classes assign
    banks for study, which banks it does not count and the class's number instead."""
    banks, limit = class_paced_banks(user)
    if not banks:
        return plain
    titles = ", ".join(bank.title for bank in banks)
    which = "which your class assigns" if len(banks) == 1 else "which your classes assign"
    return (
        f"{plain} Not for {titles}, {which} for study: there you meet up to {limit} new "
        f"fact{'' if limit == 1 else 's'} a day, set by your teacher, whatever you choose here."
    )
