"""Template filters of the teacher area: due times shown in the viewer's own time zone."""

from __future__ import annotations

from datetime import datetime

from flask_login import current_user
from markupsafe import Markup

from ..date_text import keep_dates_whole
from ..timeutil import zone
from . import bp


@bp.app_template_filter("teach_local_time")
def local_time(moment: datetime) -> Markup:
    """A due time in the viewer's own time zone, e.g. ``2026-12-01 23:59 (Asia/Seoul)``,
    its date kept on one line."""
    name = current_user.time_zone if current_user.is_authenticated else "UTC"
    try:
        local = moment.astimezone(zone(name))
    except OverflowError:  # past the calendar's end there (a due date saved before checks)
        local = moment.astimezone(zone("UTC"))
    return keep_dates_whole(f"{local:%Y-%m-%d %H:%M} ({local.tzinfo})")
