"""What the student home page shows about studying: due now, new left, where to start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_login import current_user

from ..banks.access import visible_banks
from ..models import Bank
from ..timeutil import now_utc
from . import bp
from .queue import Summary, bank_scope, summary


@dataclass(frozen=True)
class StudyHome:
    summary: Summary
    banks: list[Bank]


def study_home() -> StudyHome:
    user = current_user._get_current_object()
    return StudyHome(summary(user, bank_scope(user), now_utc()), visible_banks(user))


@bp.app_context_processor
def study_home_in_templates() -> dict[str, Any]:
    """Offer the home-page summary as a function, so only pages that show it pay for it."""
    return {"study_home": study_home}
