"""What a teacher may open in the workspace: their own classes and banks, nobody else's;
and which class assignments a student may start.

Other teachers' classes and banks answer 404 (they cannot even be discovered); built-in
banks can be viewed, assigned and exported but answer 403 to any change. The progress
pages ask the same rules for a class and its students.
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from ..banks.access import can_edit_bank, visible_bank_or_404
from ..capabilities import Forbidden, NotFound, first_or_not_found
from ..extensions import db
from ..models import Assignment, Bank, Classroom, Enrollment, Fact, Question, User

Owned = TypeVar("Owned", Classroom, Fact)


def teacher_classroom_or_404(user: User, classroom_id: int) -> Classroom:
    """The class if ``user`` teaches it: 403 for students, 404 for another teacher's class
    (so class ids cannot be probed)."""
    if not user.is_teacher:
        raise Forbidden
    return _belonging_or_404(Classroom, classroom_id, Classroom.teacher_id, user.id)


def class_student_or_404(classroom: Classroom, student_id: int) -> User:
    return first_or_not_found(
        select(User)
        .join(Enrollment, Enrollment.student_id == User.id)
        .where(Enrollment.classroom_id == classroom.id, User.id == student_id)
    )


def teacher_bank_or_404(teacher: User, slug: str) -> Bank:
    """A bank the teacher may open: their own or a built-in one."""
    return visible_bank_or_404(teacher, slug)


def editable_bank_or_abort(teacher: User, slug: str) -> Bank:
    bank = teacher_bank_or_404(teacher, slug)
    if not can_edit_bank(teacher, bank):
        raise Forbidden
    return bank


def fact_in_bank_or_404(bank: Bank, fact_id: int) -> Fact:
    return _belonging_or_404(Fact, fact_id, Fact.bank_id, bank.id)


def question_in_bank_or_404(bank: Bank, question_id: int) -> Question:
    return first_or_not_found(
        select(Question)
        .join(Fact, Fact.id == Question.fact_id)
        .where(Question.id == question_id, Fact.bank_id == bank.id)
    )


def _belonging_or_404(
    model: type[Owned], row_id: int, owner_column: InstrumentedAttribute[int], owner_id: int
) -> Owned:
    """The ``model`` row ``row_id`` if its ``owner_column`` is ``owner_id``; otherwise
    ``NotFound``, the same as for a missing row, so ids of others' rows cannot be probed."""
    row = db.session.get(model, row_id)
    if row is None or getattr(row, owner_column.key) != owner_id:
        raise NotFound
    return row


def assignment_for_student_or_404(user: User, assignment_id: int, bank: Bank) -> Assignment:
    """The assignment if it puts ``bank`` on a class the learner is enrolled in; else 404."""
    assignment = db.session.scalar(
        select(Assignment)
        .join(Enrollment, Enrollment.classroom_id == Assignment.classroom_id)
        .where(
            Assignment.id == assignment_id,
            Assignment.bank_id == bank.id,
            Enrollment.student_id == user.id,
        )
    )
    if assignment is None:
        raise NotFound
    return assignment
