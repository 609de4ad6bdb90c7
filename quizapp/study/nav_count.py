"""The number on the navigation's Study link: what a session would serve the learner today.

Computed here, by the views that render a page (never from a template or a context
processor, which would run SQL on every page, JSON and error pages included). A page
whose view does not pass ``nav_study_count`` simply shows "Study" without a number.
"""

from __future__ import annotations

from datetime import datetime

from ..models import User
from .queue import bank_scope, summary


def items_to_study(user: User, now: datetime) -> int:
    """Reviews due now (and within minutes, which the session asks once nothing else is
    left) plus the new facts still allowed today, over every bank in view."""
    counts = summary(user, bank_scope(user), now)
    return counts.due_now + counts.due_soon + counts.new_left


def nav_counts(user: User, now: datetime) -> dict[str, int]:
    """Template arguments for the navigation: the Study count, for learners only."""
    if user.is_teacher:
        return {}
    return {"nav_study_count": items_to_study(user, now)}
