"""What the student home page shows about studying: where to start, bank by bank.

Today's figures (due, new left, streak) come from the progress area's "Today" panel on
the same page, so they are computed once.
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from ..banks.access import visible_banks
from ..models import Bank
from . import bp


def study_home_banks() -> list[Bank]:
    return visible_banks(current_user._get_current_object())


@bp.app_context_processor
def study_home_in_templates() -> dict[str, Any]:
    """Offer the banks as a function, so only pages that show them pay for the query."""
    return {"study_home_banks": study_home_banks}
