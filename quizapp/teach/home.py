"""What the home pages show from the teacher area: a teacher's classes and banks, a
student's class assignments. Given to templates as functions so that only the home
page that includes them runs the queries."""

from __future__ import annotations

from datetime import datetime

from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Assignment, Bank, User
from ..timeutil import zone
from . import bp
from .classes import ClassroomSummary, student_assignments, teacher_classrooms


def owned_banks(teacher: User) -> list[Bank]:
    return list(
        db.session.scalars(select(Bank).where(Bank.owner_id == teacher.id).order_by(Bank.title))
    )


@bp.app_context_processor
def teach_home_data() -> dict[str, object]:
    def teacher_home(user: User) -> tuple[list[ClassroomSummary], list[Bank]]:
        return teacher_classrooms(user), owned_banks(user)

    def student_home(user: User) -> list[Assignment]:
        return student_assignments(user)

    return {"teach_teacher_home": teacher_home, "teach_student_home": student_home}


@bp.app_template_filter("teach_local_time")
def local_time(moment: datetime) -> str:
    """A due time in the viewer's own time zone, e.g. ``2026-12-01 23:59 (Asia/Seoul)``."""
    name = current_user.time_zone if current_user.is_authenticated else "UTC"
    return f"{moment.astimezone(zone(name)):%Y-%m-%d %H:%M} ({zone(name).key})"
