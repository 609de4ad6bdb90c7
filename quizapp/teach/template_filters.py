"""Template filters of the teacher area: due times shown in the viewer's own time zone,
and the name a fact goes by in its controls' labels."""

from __future__ import annotations

from datetime import datetime

from flask_login import current_user
from markupsafe import Markup

from ..date_text import keep_dates_whole
from ..importers.records import is_key_from_text
from ..models import Fact
from ..richtext import plain_text
from ..timeutil import zone
from . import bp


@bp.app_template_filter("teach_local_time")
def local_time(moment: datetime) -> Markup:
    """A time (a due time, an import) in the viewer's own time zone, e.g.
    ``2026-12-01 23:59 (Asia/Seoul)``, its date kept on one line."""
    name = current_user.time_zone if current_user.is_authenticated else "UTC"
    try:
        local = moment.astimezone(zone(name))
    except OverflowError:  # past the calendar's end there (a due date saved before checks)
        local = moment.astimezone(zone("UTC"))
    return keep_dates_whole(f"{local:%Y-%m-%d %H:%M} ({local.tzinfo})")


# Words of a fact's statement that name it in a label, when its key cannot.
NAME_WORDS = 8


@bp.app_template_filter("fact_name")
def fact_name(fact: Fact) -> str:
    """What a control acting on ``fact`` names it by, for a screen reader's list of links
    ("Edit fact arrival-day"): its key when a person gave it one, else the start of its
    statement, since a key made from the text ("q-c439c3bd45b3") says nothing."""
    if not is_key_from_text(fact.key):
        return fact.key
    words = plain_text(fact.statement).split()
    return " ".join(words[:NAME_WORDS]) + ("…" if len(words) > NAME_WORDS else "")
