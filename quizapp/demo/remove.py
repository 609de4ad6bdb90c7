"""Taking the demo schools out again: exactly what ``flask demo seed`` made, nothing else.

A seed's accounts are told apart by the addresses it gives them: its teacher is
``demo-<tag>-teacher@example.org`` (a teacher account) and its students
``demo-<tag>-s<n>@example.org``, where ``<tag>`` is six hex digits; an address merely
like one is no demo account. With each teacher go its classes ("Demo class N (<tag>)"),
the bank a ``--facts`` seed made (``demo-<tag>``), and every answer, memory state and
quiz attempt of its students.

Anything else tied to them stops the removal before it starts, with nothing removed: a
real learner who joined a demo class, a real teacher co-teaching one, a class or bank the
demo teacher made later, a real learner's answers on the demo bank. Those are someone's
work, which a command that cleans up a demo must not take with it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import and_, delete, or_, select, update

from ..date_text import counted
from ..deletion import delete_account_rows, delete_classroom_rows
from ..extensions import db
from ..models import (
    Bank,
    Classroom,
    ClassroomTeacher,
    Enrollment,
    Fact,
    MemoryState,
    PendingUpload,
    QuizAttempt,
    Review,
    Role,
    TeacherInvite,
    User,
)
from ..teach.bank_settings import delete_bank_rows
from .seed import DemoError

DEMO_TEACHER = re.compile(r"demo-([0-9a-f]{6})-teacher@example\.org")
# Accounts deleted per statement: a 1,000-student school moves the bar 20 times, and no
# statement names more values than SQLite allows.
ACCOUNTS_PER_STEP = 50
# Problems named in a refusal; more are counted.
NAMED_PROBLEMS = 3


@dataclass(frozen=True)
class DemoSchoolRows:
    """The rows one seed made: the ids to remove."""

    tag: str
    teacher_id: int
    student_ids: list[int]
    class_ids: list[int]
    bank_ids: list[int]


@dataclass
class Removed:
    """What a removal took (or will take), for the person who asked."""

    schools: int = 0
    teachers: int = 0
    students: int = 0
    classes: int = 0
    banks: int = 0
    rows: Counter[str] = field(default_factory=Counter)  # by table, once removed

    def people_and_places(self) -> str:
        return (
            f"{counted(self.teachers, 'teacher')}, {counted(self.students, 'student')}, "
            f"{counted(self.classes, 'class', 'classes')}, {counted(self.banks, 'bank')}"
        )

    def __str__(self) -> str:
        return (
            f"Removed {counted(self.schools, 'demo school')}: {self.people_and_places()}, "
            f"{counted(self.rows['reviews'], 'study and quiz answer')}, "
            f"{counted(self.rows['memory_states'], 'memory state')} and "
            f"{counted(self.rows['quiz_attempts'], 'quiz attempt')}."
        )


def planned(schools: Sequence[DemoSchoolRows]) -> Removed:
    return Removed(
        schools=len(schools),
        teachers=len(schools),
        students=sum(len(school.student_ids) for school in schools),
        classes=sum(len(school.class_ids) for school in schools),
        banks=sum(len(school.bank_ids) for school in schools),
    )


def demo_schools() -> list[DemoSchoolRows]:
    """Every demo school in the database, found by its teacher's address."""
    teachers = db.session.execute(
        select(User.id, User.email)
        .where(User.role == Role.TEACHER.value, User.email.like("demo-%-teacher@example.org"))
        .order_by(User.id)
    )
    return [
        _school(found.group(1), teacher_id)
        for teacher_id, email in teachers
        if (found := DEMO_TEACHER.fullmatch(email))
    ]


def _school(tag: str, teacher_id: int) -> DemoSchoolRows:
    student = re.compile(rf"demo-{tag}-s[1-9][0-9]*@example\.org")
    students = db.session.execute(
        select(User.id, User.email).where(
            User.role == Role.STUDENT.value, User.email.like(f"demo-{tag}-s%@example.org")
        )
    )
    classes = select(Classroom.id).where(Classroom.teacher_id == teacher_id)
    banks = select(Bank.id).where(Bank.owner_id == teacher_id, Bank.slug == f"demo-{tag}")
    return DemoSchoolRows(
        tag,
        teacher_id,
        [user_id for user_id, email in students if student.fullmatch(email)],
        list(db.session.scalars(classes.order_by(Classroom.id))),
        list(db.session.scalars(banks)),
    )


def outsiders(school: DemoSchoolRows) -> list[str]:
    """What ties people or work the seed did not make to this school (empty: nothing)."""
    problems = []
    for email, name in db.session.execute(
        select(User.email, Classroom.name)
        .join(Enrollment, Enrollment.student_id == User.id)
        .join(Classroom, Classroom.id == Enrollment.classroom_id)
        .where(Classroom.id.in_(school.class_ids))
    ):
        if not _is_demo_student(email, school.tag):
            problems.append(f"{email} is in the demo class {name!r}: take them off its roster")
    for email, name in db.session.execute(
        select(User.email, Classroom.name)
        .join(ClassroomTeacher, ClassroomTeacher.teacher_id == User.id)
        .join(Classroom, Classroom.id == ClassroomTeacher.classroom_id)
        .where(
            or_(
                and_(Classroom.id.in_(school.class_ids), User.id != school.teacher_id),
                and_(Classroom.id.not_in(school.class_ids), User.id == school.teacher_id),
            )
        )
    ):
        problems.append(f"{email} co-teaches the class {name!r} with a demo teacher")
    for name in db.session.scalars(
        select(Classroom.name).where(Classroom.id.in_(school.class_ids))
    ):
        if not re.fullmatch(rf"Demo class [0-9]+ \({school.tag}\)", name):
            problems.append(f"the demo teacher's class {name!r} was not made by the seed")
    for slug in db.session.scalars(
        select(Bank.slug).where(Bank.owner_id == school.teacher_id, Bank.id.not_in(school.bank_ids))
    ):
        problems.append(f"the demo teacher's bank {slug!r} was not made by the seed")
    for email in _learners_of(school.bank_ids, school.tag):
        if not _is_demo_student(email, school.tag):
            problems.append(f"{email} has studied the demo bank")
    return problems


def _is_demo_student(email: str, tag: str) -> bool:
    return re.fullmatch(rf"demo-{tag}-s[1-9][0-9]*@example\.org", email) is not None


def _learners_of(bank_ids: list[int], tag: str) -> Iterator[str]:
    """A few accounts other than the school's students with answers, memory or quiz
    attempts on these banks."""
    facts = select(Fact.id).where(Fact.bank_id.in_(bank_ids))
    for learners in (
        select(Review.user_id).where(Review.fact_id.in_(facts)),
        select(MemoryState.user_id).where(MemoryState.fact_id.in_(facts)),
        select(QuizAttempt.user_id).where(QuizAttempt.bank_id.in_(bank_ids)),
    ):
        yield from db.session.scalars(
            select(User.email)
            .where(User.id.in_(learners), ~User.email.like(f"demo-{tag}-s%@example.org"))
            .limit(NAMED_PROBLEMS)
        )


def refuse_outsiders(schools: Sequence[DemoSchoolRows]) -> None:
    """Raise ``DemoError`` naming what stands in the way, if anything does."""
    problems = list(dict.fromkeys(p for school in schools for p in outsiders(school)))
    if not problems:
        return
    more = len(problems) - NAMED_PROBLEMS
    named = "; ".join(problems[:NAMED_PROBLEMS]) + (f"; and {more} more" if more > 0 else "")
    raise DemoError(
        f"The demo data is tied to real accounts or work: {named}. "
        "Sort that out first (or keep the demo data); nothing was removed."
    )


Step = Callable[[], Counter[str]]


def removal_steps(schools: Sequence[DemoSchoolRows]) -> list[tuple[str, Step]]:
    """Each school's classes, then its students a few at a time, its bank, its teacher:
    one step each, in an order the foreign keys allow, for a progress bar to count."""
    steps: list[tuple[str, Step]] = []
    for school in schools:
        steps.append((f"{school.tag}: classes", partial(_remove_classes, school.class_ids)))
        for first in range(0, len(school.student_ids), ACCOUNTS_PER_STEP):
            chunk = school.student_ids[first : first + ACCOUNTS_PER_STEP]
            steps.append((f"{school.tag}: students", partial(delete_account_rows, chunk)))
        for bank_id in school.bank_ids:
            steps.append((f"{school.tag}: bank", partial(_remove_bank, bank_id)))
        steps.append((f"{school.tag}: teacher", partial(_remove_teacher, school.teacher_id)))
    return steps


def _remove_classes(class_ids: list[int]) -> Counter[str]:
    for class_id in class_ids:
        delete_classroom_rows(class_id)
    return Counter()


def _remove_bank(bank_id: int) -> Counter[str]:
    delete_bank_rows(bank_id)
    return Counter()


def _remove_teacher(teacher_id: int) -> Counter[str]:
    """The teacher's account, with what a teacher may have made by logging in (an upload
    not yet imported); an invite it made for someone else stays, unattributed."""
    db.session.execute(
        update(TeacherInvite)
        .where(TeacherInvite.created_by_id == teacher_id)
        .values(created_by_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        delete(PendingUpload)
        .where(PendingUpload.owner_id == teacher_id)
        .execution_options(synchronize_session=False)
    )
    return delete_account_rows([teacher_id])
