"""Spread a learner's coming reviews over days, so no day is much heavier than the next.

fsrs fuzzes each wait by a few days at random so facts learned together do not all come
back together. Moving a due date to the lightest day inside that same fuzz range changes
nothing the scheduler would not have allowed, and evens out the days (the simulator:
a learner's busiest day drops by a third at the same number of reviews). It runs as
``flask scheduler balance``, a background job, so answering costs nothing extra.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import select

from .extensions import db
from .models import MemoryState, User
from .scheduling import fuzz_window
from .timeutil import as_utc, days_later, local_day

_ONE_DAY = timedelta(days=1)


def balance_learner(user: User, now: datetime) -> int:
    """Move ``user``'s future reviews to the lightest local day of each one's fuzz range
    (the unfuzzed day on a tie); one transaction. Returns how many moved."""
    states = list(
        db.session.scalars(
            select(MemoryState)
            .where(MemoryState.user_id == user.id, MemoryState.due > now)
            .order_by(MemoryState.due, MemoryState.id)
            .with_for_update()  # an answer at the same moment waits; no lost update
        )
    )
    load = Counter(local_day(state.due, user.time_zone) for state in states)
    moved = 0
    for state in states:
        window = fuzz_window(state, user.desired_retention, user.scheduler_parameters)
        if window is None or state.last_review is None:  # no window without a review
            continue
        shortest, ideal, longest = window
        reviewed, due = as_utc(state.last_review), as_utc(state.due)
        later = {d: days_later(reviewed, d, user.time_zone) for d in range(shortest, longest + 1)}
        waits = [d for d, moment in later.items() if moment > now]
        # Whole days, give or take the hour a clock change adds or takes away.
        if not waits or not shortest <= round((due - reviewed) / _ONE_DAY) <= longest:
            continue  # scheduled under other settings: leave it as the scheduler put it
        load[local_day(due, user.time_zone)] -= 1
        best = min(
            waits,
            key=lambda d: (
                load[local_day(later[d], user.time_zone)],
                abs(d - ideal),
            ),
        )
        new_due = later[best]
        load[local_day(new_due, user.time_zone)] += 1
        if new_due != due:
            state.due = new_due
            moved += 1
    db.session.commit()
    return moved


def balance_learners(now: datetime, email: str | None = None) -> Iterator[tuple[str, int]]:
    """(email, reviews moved) for every learner with reviews to come, one at a time."""
    query = (
        select(User)
        .where(select(MemoryState.id).where(MemoryState.user_id == User.id).exists())
        .order_by(User.id)
    )
    if email:
        query = query.where(User.email == email.casefold())
    for user in db.session.scalars(query).all():
        yield user.email, balance_learner(user, now)
