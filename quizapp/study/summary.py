"""The end of a study session: what was done today, and what comes next, told truly.

"You have met all 16 facts of this bank" only when none is left to meet; otherwise the
day's new facts are used up and the page says how many come tomorrow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..models import Bank, User
from ..timeutil import day_bounds, zone
from .queue import Scope, SessionCounts, askable_fact_count, due_later_today, facts_met_today
from .study_day import study_day, study_day_key
from .wording import when_in_words_and_time

# "Study more new facts" serves one more day's limit; this many for a limit of 0.
BATCH_WITHOUT_A_LIMIT = 10


@dataclass(frozen=True)
class SessionSummary:
    done: int  # study answers today
    right: int
    learned_today: int  # facts met for the first time today, in the session's scope
    streak: int  # days in a row with an answer
    next_review: str | None  # "tomorrow morning (at 08:10)"; None when nothing is scheduled
    later_today: int  # facts that come back before the study day ends
    new_facts: str  # the truth about new facts
    more_new_facts: bool  # facts never met remain (beyond today's limit)
    more_link: int  # "Study more new facts" serves up to this many beyond today's budgets
    day_key: str  # the learner's study day (``study_day_key``), the only one that batch is for

    @property
    def percent_right(self) -> int | None:
        return round(100 * self.right / self.done) if self.done else None


def next_budget_words(user: User, now: datetime) -> str:
    """When the next day's new facts come: "tomorrow", or, while a time zone change
    carries the study day past the learner's next midnight, the moment it ends ("at
    00:00 on Wed 04 Mar, when your study day ends"), which "tomorrow" would put a day
    early."""
    study_day_ends = study_day(user, now)[1]
    if study_day_ends <= day_bounds(now, user.time_zone)[1]:
        return "tomorrow"
    local = study_day_ends.astimezone(zone(user.time_zone))
    return f"at {local:%H:%M on %a %d %b}, when your study day ends"


def _new_facts_sentence(
    counts: SessionCounts, bank: Bank | None, total: int, next_budget: str
) -> str:
    where = "this bank" if bank is not None else "your banks"
    if counts.unseen == 0:
        return f"You have met all {total} facts of {where}."
    tomorrow = min(counts.unseen_own, max(counts.own_limit, 0)) + min(
        counts.unseen_assigned, counts.assigned_limit
    )
    met = counts.new_today
    today = f"Today's {met} new fact{'s' if met != 1 else ''} are done"
    if met == 1:
        today = "Today's 1 new fact is done"
    if met == 0:
        today = "No new facts today"
    if tomorrow == 0:
        return (
            f"{today}. Your daily limit of new facts is 0: raise it in Study settings "
            "to meet the facts still new."
        )
    return f"{today}; {tomorrow} more {next_budget}."


def session_summary(
    user: User, counts: SessionCounts, scope: Scope, bank: Bank | None, now: datetime
) -> SessionSummary:
    """The done page's figures for ``counts`` (today's session in this scope)."""
    from ..progress.learner import streak  # progress reads the study queue: import late

    return SessionSummary(
        done=counts.done_today,
        right=counts.right_today,
        learned_today=facts_met_today(user, scope, now),
        streak=streak(user, now),
        next_review=(
            when_in_words_and_time(counts.next_due, now, user.time_zone)
            if counts.next_due
            else None
        ),
        later_today=due_later_today(user, scope, now) if counts.next_due else 0,
        new_facts=_new_facts_sentence(
            counts, bank, askable_fact_count(user, scope), next_budget_words(user, now)
        ),
        more_new_facts=counts.unseen > 0,
        # A whole batch from where the learner is: facts met past today's budgets (the
        # last batch's, or those met before the limit was lowered) are not counted in it.
        more_link=max(counts.extra_new, counts.met_beyond_limits)
        + (user.daily_new_limit or BATCH_WITHOUT_A_LIMIT),
        day_key=study_day_key(user, now),
    )
