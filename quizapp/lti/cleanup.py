"""What the LTI tables hold about an account, class or assignment that is being deleted.

Called inside the deleting transaction (``deletion.py``, ``teach/classes.py``), so a
deletion is still all or nothing; the LMS keeps its own records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, delete, select

from ..extensions import db
from ..models import Assignment, Classroom, QuizAttempt
from .models import LtiContext, LtiResourceLink, LtiScore, LtiUser


def _bulk_delete(statement: object) -> None:
    db.session.execute(statement.execution_options(synchronize_session=False))  # type: ignore[attr-defined]


def forget_users(user_ids: Sequence[int]) -> None:
    """These accounts' LMS links and their scores not yet sent."""
    attempts = select(QuizAttempt.id).where(QuizAttempt.user_id.in_(user_ids))
    _bulk_delete(delete(LtiScore).where(LtiScore.attempt_id.in_(attempts)))
    _bulk_delete(delete(LtiUser).where(LtiUser.user_id.in_(user_ids)))


def has_lms_link(assignment: Assignment) -> bool:
    """Whether an LMS link opens the assignment: removing it forgets that link."""
    link = select(LtiResourceLink.id).where(LtiResourceLink.assignment_id == assignment.id)
    return db.session.scalar(link.limit(1)) is not None


def from_lms_course(classroom: Classroom) -> bool:
    """Whether an LMS course made the class (its next launch makes it again)."""
    course = select(LtiContext.id).where(LtiContext.classroom_id == classroom.id)
    return db.session.scalar(course.limit(1)) is not None


def forget_assignments(assignment_ids: Select[Any]) -> None:
    """The LMS links that open these assignments, and their scores."""
    links = select(LtiResourceLink.id).where(LtiResourceLink.assignment_id.in_(assignment_ids))
    _bulk_delete(delete(LtiScore).where(LtiScore.resource_link_row_id.in_(links)))
    _bulk_delete(delete(LtiResourceLink).where(LtiResourceLink.assignment_id.in_(assignment_ids)))


def forget_classroom(classroom_id: int) -> None:
    """The class's LMS course link, its resource links and their scores."""
    forget_assignments(select(Assignment.id).where(Assignment.classroom_id == classroom_id))
    _bulk_delete(delete(LtiContext).where(LtiContext.classroom_id == classroom_id))
