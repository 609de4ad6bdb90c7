"""Roster sync (Names and Role Provisioning Services): the LMS course's active learners
become students of the class, linked by (issuer, LMS user id) as a launch would link
them, so their first launch finds the account already there; co-teachers the course no
longer lists as active instructors stop teaching the class."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select

from ..extensions import db
from ..models import Classroom, ClassroomTeacher
from . import services
from .mapping import enrol, link_user
from .members import Member, MemberInvalid, read_members
from .models import LtiContext, LtiUser
from .outbox import ClassGrades, class_grades


class RosterUnavailable(ValueError):
    """The class cannot be synced; the message is for the teacher."""


@dataclass(frozen=True)
class RosterSync:
    learners: int  # active learners the LMS listed
    added: int  # of those, newly enrolled
    co_teachers_removed: int = 0  # co-teachers the LMS no longer lists as instructors


def lms_context(classroom: Classroom) -> LtiContext | None:
    return db.session.scalar(select(LtiContext).where(LtiContext.classroom_id == classroom.id))


def _drop_departed_co_teachers(context: LtiContext, members: list[Member]) -> int:
    """Remove the class's co-teachers (who came from this LMS's launches) that the course
    no longer lists as active instructors: a teaching assistant who left the course must
    not keep its students' records. A list with no instructor at all is taken as the LMS
    withholding them (a course always has one), and removes nobody."""
    instructors = {member.user_id for member in members if member.active and member.is_instructor}
    if not instructors:
        return 0
    departed = db.session.scalars(
        select(ClassroomTeacher)
        .join(
            LtiUser,
            and_(
                LtiUser.user_id == ClassroomTeacher.teacher_id,
                LtiUser.platform_id == context.platform_id,
            ),
        )
        .where(
            ClassroomTeacher.classroom_id == context.classroom_id,
            LtiUser.sub.not_in(instructors),
        )
    ).all()
    for row in departed:
        db.session.delete(row)
    return len(departed)


def sync_roster(classroom: Classroom, now: datetime) -> RosterSync:
    """Enrol every active learner of the LMS course and drop the co-teachers it no longer
    lists; no student is removed (the teacher does that)."""
    context = lms_context(classroom)
    if context is None or not context.memberships_url:
        raise RosterUnavailable(
            "This class was not opened from an LMS course that shares its roster."
        )
    platform, url = context.platform, context.memberships_url
    credentials = services.Credentials.of(platform, now)
    db.session.commit()  # hold no database lock while the LMS answers
    try:
        members = read_members(services.course_members(credentials, url))
    except services.ServiceError as error:
        raise RosterUnavailable(f"The LMS's member list could not be read: {error}") from error
    except MemberInvalid as error:
        raise RosterUnavailable(
            f"The LMS's member list could not be read: {error}. Nothing was changed."
        ) from error
    enrolled_before = {enrollment.student_id for enrollment in classroom.enrollments}
    learners = [member for member in members if member.active and member.is_learner]
    added = set()
    for member in learners:
        user = link_user(context.platform, member.user_id, member.name, member.email, False)
        enrol(classroom, user)
        db.session.flush()
        if not user.is_teacher and user.id not in enrolled_before:
            added.add(user.id)
    removed = _drop_departed_co_teachers(context, members)
    db.session.commit()
    return RosterSync(learners=len(learners), added=len(added), co_teachers_removed=removed)


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
