"""Classes, enrolments and assignments: plain functions over the models.

(Join codes and joining a class by code: ``join_codes``.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import selectinload

from ..database import lock_row
from ..deletion import keep_quiz_attempts
from ..extensions import db
from ..lti.cleanup import forget_assignments
from ..models import (
    DEFAULT_ASSIGNMENT_NEW_PER_DAY,
    Assignment,
    Bank,
    Classroom,
    ClassroomTeacher,
    Enrollment,
    QuizAttempt,
    User,
)
from ..name_keys import by_name, name_key
from ..timeutil import zone
from .access import taught_classroom_ids
from .archive import lock_current_classroom
from .join_codes import unused_join_code

Row = TypeVar("Row", Enrollment, Assignment, ClassroomTeacher)


def create_classroom(teacher: User, name: str) -> tuple[Classroom, bool]:
    """The teacher's new class, and True; or, when they already own a current class of
    that name (the same form sent twice, or a name they forgot they used), that class and
    False: two classes of one name on a teacher's list could not be told apart. An
    archived class is on another list, so next year's "Civics" is a new class. The
    teacher's row is locked while checking, so two sendings at one moment make one
    class."""
    name = " ".join(name.split())[:120]
    lock_row(User.id, teacher.id)
    owned = db.session.scalars(
        select(Classroom).where(Classroom.teacher_id == teacher.id, Classroom.archived_at.is_(None))
    )
    wanted = name_key(name)
    same = next((room for room in owned if name_key(room.name) == wanted), None)
    if same is not None:
        db.session.commit()
        return same, False
    classroom = Classroom(name=name, teacher_id=teacher.id, join_code=unused_join_code())
    db.session.add(classroom)
    db.session.commit()
    return classroom, True


def remove_student(classroom: Classroom, student_id: int) -> User | None:
    """Take a student out of the class; their own study history is kept. The student
    removed (so the page can say which one of thirty), or None when they were not in it.
    ``ClassArchived`` when the class is archived."""
    lock_current_classroom(classroom)
    removed: list[User] = []
    _delete_first(
        select(Enrollment).where(
            Enrollment.classroom_id == classroom.id, Enrollment.student_id == student_id
        ),
        before=lambda row: removed.append(row.student),
    )
    return removed[0] if removed else None


def remove_co_teacher(classroom: Classroom, teacher_id: int) -> User | None:
    """Stop a co-teacher teaching the class: they lose the class page, its students and
    their progress at once. The removed teacher, or None when they did not co-teach it
    (the owner is not a co-teacher and is never removed here). ``ClassArchived`` when the
    class is archived."""
    lock_current_classroom(classroom)
    removed: list[User] = []
    _delete_first(
        select(ClassroomTeacher).where(
            ClassroomTeacher.classroom_id == classroom.id,
            ClassroomTeacher.teacher_id == teacher_id,
        ),
        before=lambda row: removed.append(row.teacher),
    )
    return removed[0] if removed else None


def end_of_local_day(day: date, time_zone: str) -> datetime:
    """A due date picked on a calendar means "by the end of that day" where the teacher is."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone(time_zone)).astimezone(UTC)


class BankGone(LookupError):
    """The bank to assign was deleted meanwhile (in another tab); nothing was assigned."""


BANK_GONE = "That bank was deleted meanwhile, so it was not assigned."


def _bank_still_there(bank: Bank) -> bool:
    """Whether the bank is still there, held FOR SHARE (PostgreSQL) until the assignment
    is stored: its deletion at this moment (``bank_settings.delete_bank`` locks it for
    deleting) is waited for and the bank found gone, instead of the assignment failing
    on its key with an error page; a deletion that comes later waits for the assignment
    and is refused because of it."""
    held = select(Bank.id).where(Bank.id == bank.id).with_for_update(read=True)
    return db.session.scalar(held) is not None


def assign_bank(
    classroom: Classroom,
    bank: Bank,
    *,
    as_quiz: bool = False,
    quiz_size: int | None = None,
    due_at: datetime | None = None,
    daily_new_limit: int | None = None,
) -> tuple[Assignment, str]:
    """Put ``bank`` on the class; with what that did: ``"created"``, ``"same"`` (the same
    assignment sent again, a double click or a reload of the form, is the one already
    there, not a second copy on the students' pages) or ``"updated"`` (a bank assigned
    for study again takes the new budget and due date: one study assignment per bank,
    so students never see it twice nor wonder which budget holds). A study assignment
    lets each student meet ``daily_new_limit`` of its new facts a day (default 10),
    counted from when it reaches them; their own limit is for their other banks. A bank
    may be set as a quiz more than once (this week's, next week's)."""
    # The class is locked first: two copies of the same form at the same moment run one
    # after the other, and the second finds the first's assignment; a class deleted or
    # archived meanwhile is refused (``NotFound``, ``ClassArchived``).
    lock_current_classroom(classroom)
    if not _bank_still_there(bank):
        db.session.rollback()
        raise BankGone(BANK_GONE)
    wanted = {
        "classroom_id": classroom.id,
        "bank_id": bank.id,
        "as_quiz": as_quiz,
        "quiz_size": quiz_size if as_quiz else None,
        "due_at": due_at,
        "daily_new_limit": daily_new_limit or DEFAULT_ASSIGNMENT_NEW_PER_DAY,
    }
    same = db.session.scalar(
        select(Assignment).filter_by(**wanted).order_by(Assignment.id).limit(1)
    )
    if same is not None:
        db.session.commit()
        return same, "same"
    studied = None if as_quiz else db.session.scalar(
        select(Assignment)
        .filter_by(classroom_id=classroom.id, bank_id=bank.id, as_quiz=False)
        .order_by(Assignment.id)
        .limit(1)
    )  # fmt: skip
    if studied is not None:
        studied.daily_new_limit = daily_new_limit or DEFAULT_ASSIGNMENT_NEW_PER_DAY
        studied.due_at = due_at
        db.session.commit()
        return studied, "updated"
    assignment = Assignment(**wanted)
    db.session.add(assignment)
    db.session.commit()
    return assignment, "created"


def _class_assignment(classroom: Classroom, assignment_id: int) -> Select[Assignment]:
    return select(Assignment).where(
        Assignment.id == assignment_id, Assignment.classroom_id == classroom.id
    )


def class_assignment(classroom: Classroom, assignment_id: int) -> Assignment | None:
    """The class's assignment with this id; another class's id finds nothing."""
    return db.session.scalar(_class_assignment(classroom, assignment_id))


def quiz_attempts_from(assignment: Assignment) -> int:
    """How many quiz attempts students started from the assignment."""
    return (
        db.session.scalar(
            select(func.count(QuizAttempt.id)).where(QuizAttempt.assignment_id == assignment.id)
        )
        or 0
    )


def remove_assignment(classroom: Classroom, assignment_id: int) -> Bank | None:
    """Take a bank off the class. Its LTI links are forgotten first; the quiz attempts
    students started from it stay theirs, with their scores. The bank it assigned, or
    None when the class had no such assignment. ``ClassArchived`` when the class is
    archived."""
    lock_current_classroom(classroom)
    removed: list[Bank] = []

    def detach(assignment: Assignment) -> None:
        removed.append(assignment.bank)
        _detach(assignment)

    _delete_first(_class_assignment(classroom, assignment_id), before=detach)
    return removed[0] if removed else None


def _detach(assignment: Assignment) -> None:
    """What points at the assignment lets go of it, in the removal's transaction."""
    ids = select(Assignment.id).where(Assignment.id == assignment.id)
    keep_quiz_attempts(ids)
    forget_assignments(ids)


def _delete_first(query: Select[Row], before: Callable[[Row], None] | None = None) -> bool:
    """Delete the row ``query`` finds within the class, if any, after ``before(row)``:
    ``False`` when there was none (a stale page or another class's id), so the view can
    say so.

    The row is locked as it is read (FOR UPDATE, on PostgreSQL): the same removal sent
    twice at once (a double click, or two teachers of the class) deletes it once, and
    the other finds nothing and says so, as it does one after the other."""
    row = db.session.scalar(query.with_for_update())
    if row is None:
        return False
    if before is not None:
        before(row)
    db.session.delete(row)
    db.session.commit()
    return True


@dataclass
class ClassroomSummary:
    classroom: Classroom
    students: int


def teacher_classrooms(teacher: User, archived: bool = False) -> list[ClassroomSummary]:
    """The classes ``teacher`` teaches (own or co-teach), with their student counts, in
    ``name_order``: the current ones, or (``archived``) those put away at a term's end,
    which no list of current classes shows."""
    count = (
        select(func.count(Enrollment.id))
        .where(Enrollment.classroom_id == Classroom.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Classroom, count)
        .where(
            Classroom.id.in_(taught_classroom_ids(teacher)),
            Classroom.archived_at.is_not(None) if archived else Classroom.archived_at.is_(None),
        )
        .order_by(Classroom.id)
    )
    summaries = [ClassroomSummary(classroom, students) for classroom, students in rows]
    return by_name(summaries, lambda summary: summary.classroom.name)


def classroom_teachers(classroom: Classroom) -> list[User]:
    """Who teaches the class: its owner first, then its co-teachers in the order they came."""
    co_teachers = db.session.scalars(
        select(User)
        .join(ClassroomTeacher, ClassroomTeacher.teacher_id == User.id)
        .where(ClassroomTeacher.classroom_id == classroom.id)
        .order_by(ClassroomTeacher.added_at, ClassroomTeacher.id)
    )
    return [classroom.teacher, *co_teachers]


def classroom_students(classroom: Classroom) -> list[User]:
    """The class's students in ``name_order``, as its progress roster lists them."""
    students = db.session.scalars(
        select(User)
        .join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == classroom.id)
        .order_by(User.id)
    )
    return by_name(students, lambda student: student.display_name)


def _assignments(
    *conditions: ColumnElement[bool], join_enrollments: bool = False
) -> list[Assignment]:
    """Assignments matching ``conditions`` with their bank and class, soonest due first."""
    query = select(Assignment)
    if join_enrollments:
        query = query.join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
    query = (
        query.where(*conditions)
        .options(selectinload(Assignment.bank), selectinload(Assignment.classroom))
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
    )
    return list(db.session.scalars(query))


def classroom_assignments(classroom: Classroom) -> list[Assignment]:
    return _assignments(Assignment.classroom_id == classroom.id)


def archived_classroom_count(teacher: User) -> int:
    """How many archived classes ``teacher`` teaches: the link to them says so."""
    return (
        db.session.scalar(
            select(func.count(Classroom.id)).where(
                Classroom.id.in_(taught_classroom_ids(teacher)),
                Classroom.archived_at.is_not(None),
            )
        )
        or 0
    )


def student_assignments(student: User) -> list[Assignment]:
    """What the student's current classes ask of them: an archived class's assignments
    are last term's, no longer work to do (its quiz results stay on their pages)."""
    current = select(Classroom.id).where(Classroom.archived_at.is_(None))
    return _assignments(
        Enrollment.student_id == student.id,
        Assignment.classroom_id.in_(current),
        join_enrollments=True,
    )
