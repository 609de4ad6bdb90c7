"""Archiving a class at the end of a term, and restoring it.

An archived class is kept whole (students, assignments, every answer) but read-only:
it leaves its teachers' home page and class lists and the lists they assign a bank
from, its join code joins nobody, and its assignments stop being current work for its
students (their home page; a study assignment's daily budget of new facts). Its page,
progress and downloads still open. Deleting it stays possible, as before.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..capabilities import NotFound
from ..extensions import db
from ..models import Classroom, User
from .access import NOT_A_CLASS_YOU_TEACH, taught_classroom_ids

# For a student starting an archived class's quiz (its page, or its LMS link): the term
# is over, and a new attempt would change the class's results and gradebook.
QUIZZES_CLOSED = (
    "{name} is archived, so its quizzes can no longer be started. Your scores from it are kept."
)


class ClassArchived(ValueError):
    """A change asked of an archived class; nothing was changed. The message is for the
    teacher."""

    def __init__(self, classroom: Classroom) -> None:
        self.classroom_id = classroom.id
        super().__init__(
            f"{classroom.name} is archived, so it cannot be changed. Restore it first"
            " (on its page, or under Archived classes), then try again."
        )


def _locked_archived_at(classroom: Classroom) -> datetime | None:
    """The class's ``archived_at`` as stored now, its row locked until the transaction
    ends: an archiving and a change sent at one moment run one after the other, so a
    change never lands in a class archived meanwhile."""
    row = db.session.execute(
        select(Classroom.id, Classroom.archived_at)
        .where(Classroom.id == classroom.id)
        .with_for_update(key_share=True)
    ).first()
    if row is None:  # deleted by the request the lock waited for
        db.session.rollback()
        raise NotFound(NOT_A_CLASS_YOU_TEACH)
    archived_at: datetime | None = row[1]
    return archived_at


def lock_current_classroom(classroom: Classroom) -> None:
    """Lock the class for a change, or refuse it (``ClassArchived``, nothing written)
    when the class is archived, even by another teacher a moment ago."""
    if _locked_archived_at(classroom) is not None:
        refused = ClassArchived(classroom)  # its name read before the rollback expires it
        db.session.rollback()
        raise refused


def refuse_changes_to(classroom: Classroom) -> None:
    """``ClassArchived`` when the class is archived: a page that asks before a change
    (a removal's question) is not shown for a change that would be refused."""
    if classroom.archived_at is not None:
        raise ClassArchived(classroom)


def archived_classroom(teacher: User, classroom_id: int | None) -> Classroom | None:
    """The class with this id if ``teacher`` teaches it and it is archived: a form from
    before it was archived (another tab) names it, and is told why it is refused."""
    return db.session.scalar(
        select(Classroom).where(
            Classroom.id == classroom_id,
            Classroom.id.in_(taught_classroom_ids(teacher)),
            Classroom.archived_at.is_not(None),
        )
    )


def archive_classroom(classroom: Classroom, now: datetime) -> bool:
    """Archive the class; False, changing nothing, when it already was (the same button
    pressed twice, or by its other teacher)."""
    if _locked_archived_at(classroom) is not None:
        db.session.rollback()
        return False
    classroom.archived_at = now
    db.session.commit()
    return True


def restore_classroom(classroom: Classroom) -> bool:
    """Make an archived class current again, with its code, students and assignments as
    they were; False when it was not archived."""
    if _locked_archived_at(classroom) is None:
        db.session.rollback()
        return False
    classroom.archived_at = None
    db.session.commit()
    return True
