"""A learner's study settings: how much they want to remember, how many new facts a
day, their time zone (their study day), and self-grading for free recall."""

from __future__ import annotations

from ..extensions import db
from ..models import User

DEFAULT_RETENTION = 0.9


def save_study_settings(
    user: User,
    desired_retention: float | None,
    daily_new_limit: int | None,
    time_zone: str | None,
    prefers_self_grading: bool,
) -> None:
    """Store the settings; an empty field falls back to the default the form offers."""
    user.desired_retention = round(float(desired_retention or DEFAULT_RETENTION), 2)
    user.daily_new_limit = int(daily_new_limit or 0)
    user.time_zone = (time_zone or "UTC").strip()
    user.prefers_self_grading = prefers_self_grading
    db.session.commit()
