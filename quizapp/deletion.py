"""Deleting a learner's account or a teacher's class: what goes, what stays.

A learner's account takes with it everything that says what they did: answers, memory
states, shown items, quiz attempts, class memberships. Only one thing stays, with no
name on it: each finished quiz attempt that counted for a class becomes an
``AnonymousAttempt`` of that class (its marks only), so the class's item statistics
read the same afterwards. Deleting a class removes its roster, co-teachers and
assignments but not the students' own study data: their answers, memory and quiz
attempts stay theirs.
Each deletion is one transaction: it happens completely or not at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Select, delete, select, update
from sqlalchemy.orm import InstrumentedAttribute

from .database import lock_row
from .extensions import db
from .lti.cleanup import forget_classroom, forget_users
from .models import (
    AnonymousAttempt,
    Assignment,
    Classroom,
    ClassroomTeacher,
    Enrollment,
    IssuedItem,
    MemoryState,
    QuizAttempt,
    Review,
    User,
)
from .progress.item_analysis import attempt_marks
from .progress.scope import ClassMembers


class DeletionRefused(ValueError):
    """A deletion that may not happen; the message is for the person who asked."""


def delete_learner_account(user: User) -> None:
    """Delete ``user`` (a student) and their study data; keep their class quiz marks anonymously."""
    if user.is_teacher:
        raise DeletionRefused(
            "Teacher accounts own classes and question banks; ask the administrator to remove one."
        )
    _wait_for_work_in_flight(user)
    _keep_class_attempts_anonymously(user)
    delete_account_rows([user.id])
    db.session.commit()


# Every row that is an account's own, in an order its foreign keys allow.
_ACCOUNT_ROWS = (
    IssuedItem.user_id,
    Review.user_id,
    QuizAttempt.user_id,
    MemoryState.user_id,
    Enrollment.student_id,
    User.id,
)


def delete_account_rows(user_ids: Sequence[int]) -> Counter[str]:
    """Delete these accounts with their answers, memory states, quiz attempts, shown
    items, class memberships and LMS links, in the caller's transaction; how many rows
    went, by table."""
    forget_users(user_ids)
    removed: Counter[str] = Counter()
    for column in _ACCOUNT_ROWS:
        removed[column.class_.__tablename__] += _delete_in(column, user_ids)
    return removed


def _wait_for_work_in_flight(user: User) -> None:
    """Let the learner's requests still writing (an answer from another tab, the next
    card it issues, a quiz starting) finish first, and stop any new one, so the deletion
    sees and takes every row they write (PostgreSQL; SQLite's write lock already runs
    them one after the other).

    Without it an answer committed while the deletion ran left its new card behind, and
    deleting the account failed on it with an error page. The learner's items are locked
    first, as an answer locks the item it claims before anything else: an answer that
    claimed one is waited for, one that did not yet then finds its item gone. Then the
    account's row, for deleting: every row written pointing at it waits for the deletion
    (and then fails), and one written already is waited for. The same deletion sent
    twice at once (a double click) runs one after the other too: the second finds
    nothing left, and keeps no class quiz mark a second time."""
    db.session.execute(select(IssuedItem.id).where(IssuedItem.user_id == user.id).with_for_update())
    lock_row(User.id, user.id, deleting=True)


def _keep_class_attempts_anonymously(user: User) -> None:
    """One ``AnonymousAttempt`` per (class, finished attempt) that item analysis counts:
    the learner is enrolled in the class, the attempt's bank is assigned to it and it
    counts as the class's work (``ClassMembers.keep_attempts``)."""
    class_ids = db.session.scalars(
        select(Enrollment.classroom_id).where(Enrollment.student_id == user.id)
    ).all()
    counted = [
        (class_id, attempt)
        for class_id in class_ids
        for attempt in db.session.scalars(
            ClassMembers(class_id).keep_attempts(
                select(QuizAttempt).where(
                    QuizAttempt.user_id == user.id,
                    QuizAttempt.finished_at.is_not(None),
                    QuizAttempt.bank_id.in_(
                        select(Assignment.bank_id).where(Assignment.classroom_id == class_id)
                    ),
                )
            )
        )
    ]
    if not counted:
        return
    ids = {attempt.id for _class_id, attempt in counted}
    marks = attempt_marks(select(QuizAttempt.id).where(QuizAttempt.id.in_(ids)))
    db.session.add_all(
        AnonymousAttempt(
            classroom_id=class_id,
            bank_id=attempt.bank_id,
            started_at=attempt.started_at,
            marks=[[question_id, mark] for question_id, mark in marks[attempt.id].items()],
        )
        for class_id, attempt in counted
    )


def delete_classroom(classroom: Classroom) -> None:
    """Delete a class, its roster, co-teachers and assignments; students' own data stays.

    Quiz attempts started from one of its assignments keep their marks and simply no
    longer point at the assignment."""
    # Locked first: a student joining it at this moment holds it FOR SHARE until
    # enrolled, and is waited for (then deleted with the roster) or finds no class.
    lock_row(Classroom.id, classroom.id, deleting=True)
    delete_classroom_rows(classroom.id)
    db.session.commit()


def delete_classroom_rows(classroom_id: int) -> None:
    """Delete the class, its roster, co-teachers and assignments in the caller's
    transaction; quiz attempts started from its assignments stay (``keep_quiz_attempts``)."""
    keep_quiz_attempts(select(Assignment.id).where(Assignment.classroom_id == classroom_id))
    forget_classroom(classroom_id)
    for column in (
        AnonymousAttempt.classroom_id,
        Assignment.classroom_id,
        Enrollment.classroom_id,
        ClassroomTeacher.classroom_id,
        Classroom.id,
    ):
        _delete_in(column, [classroom_id])


def keep_quiz_attempts(assignment_ids: Select[int]) -> None:
    """Let the quiz attempts started from these assignments outlive them (the caller
    deletes the assignments and commits): each keeps its score in its student's quiz
    history and simply no longer points at an assignment.

    The assignments are locked first (FOR UPDATE, on PostgreSQL): a student starting one
    of their quizzes right now holds it FOR SHARE until their attempt is stored, so the
    removal waits for that attempt and keeps it too, instead of failing on it."""
    db.session.execute(
        select(Assignment.id).where(Assignment.id.in_(assignment_ids)).with_for_update()
    )
    db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.assignment_id.in_(assignment_ids))
        .values(assignment_id=None)
        .execution_options(synchronize_session=False)
    )


def _delete_in(column: InstrumentedAttribute[int], values: Sequence[int]) -> int:
    """Bulk-delete the rows of ``column``'s table where it is one of ``values``; how many."""
    result = db.session.execute(
        delete(column.class_).where(column.in_(values)).execution_options(synchronize_session=False)
    )
    return max(getattr(result, "rowcount", 0) or 0, 0)
