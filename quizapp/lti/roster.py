"""Roster sync (Names and Role Provisioning Services): the LMS course's active learners
become students of the class, linked by (issuer, LMS user id) as a launch would link
them, so their first launch finds the account already there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..models import Classroom
from . import claims as c
from . import services
from .mapping import enrol, link_user
from .models import LtiContext
from .outbox import ClassGrades, class_grades


class RosterUnavailable(ValueError):
    """The class cannot be synced; the message is for the teacher."""


@dataclass(frozen=True)
class RosterSync:
    learners: int  # active learners the LMS listed
    added: int  # of those, newly enrolled


def lms_context(classroom: Classroom) -> LtiContext | None:
    return db.session.scalar(select(LtiContext).where(LtiContext.classroom_id == classroom.id))


def sync_roster(classroom: Classroom, now: datetime) -> RosterSync:
    """Enrol every active learner of the LMS course; nobody is removed (the teacher does that)."""
    context = lms_context(classroom)
    if context is None or not context.memberships_url:
        raise RosterUnavailable(
            "This class was not opened from an LMS course that shares its roster."
        )
    platform, url = context.platform, context.memberships_url
    credentials = services.Credentials.of(platform, now)
    db.session.commit()  # hold no database lock while the LMS answers
    try:
        members = services.course_members(credentials, url)
    except services.ServiceError as error:
        raise RosterUnavailable(f"The LMS's member list could not be read: {error}") from error
    enrolled_before = {enrollment.student_id for enrollment in classroom.enrollments}
    learners = [
        member
        for member in members
        if c.is_learner(member.get("roles") or [])
        and not c.is_instructor(member.get("roles") or [])
        and str(member.get("status", "Active")) == "Active"
        and member.get("user_id")
    ]
    added = set()
    for member in learners:
        user = link_user(
            context.platform,
            str(member["user_id"]),
            c.display_name(member),
            str(member.get("email") or ""),
            instructor=False,
        )
        enrol(classroom, user)
        db.session.flush()
        if not user.is_teacher and user.id not in enrolled_before:
            added.add(user.id)
    db.session.commit()
    return RosterSync(learners=len(learners), added=len(added))


@dataclass(frozen=True)
class LmsPanel:
    """The class page's LMS section: roster sync, and how grade passback is going."""

    can_sync_roster: bool
    grades: ClassGrades | None


def lms_panel(classroom: Classroom) -> LmsPanel | None:
    """None for a class that no LMS course opened."""
    context = lms_context(classroom)
    if context is None:
        return None
    return LmsPanel(bool(context.memberships_url), class_grades(classroom.id))
