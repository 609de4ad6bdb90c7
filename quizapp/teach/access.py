"""What a teacher may open in the workspace: their own classes and banks, nobody else's.

Other teachers' classes and banks answer 404 (they cannot even be discovered); built-in
banks can be viewed, assigned and exported but answer 403 to any change. The progress
pages ask the same rules for a class and its students.
"""

from __future__ import annotations

from sqlalchemy import select

from ..banks.access import can_edit_bank, visible_bank_or_404
from ..capabilities import Forbidden, NotFound, first_or_not_found
from ..extensions import db
from ..models import Bank, Classroom, Enrollment, Fact, Question, User


def teacher_classroom_or_404(user: User, classroom_id: int) -> Classroom:
    """The class if ``user`` teaches it: 403 for students, 404 for another teacher's class
    (so class ids cannot be probed)."""
    if not user.is_teacher:
        raise Forbidden
    classroom = db.session.get(Classroom, classroom_id)
    if classroom is None or classroom.teacher_id != user.id:
        raise NotFound
    return classroom


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
    fact = db.session.get(Fact, fact_id)
    if fact is None or fact.bank_id != bank.id:
        raise NotFound
    return fact


def question_in_bank_or_404(bank: Bank, question_id: int) -> Question:
    return first_or_not_found(
        select(Question)
        .join(Fact, Fact.id == Question.fact_id)
        .where(Question.id == question_id, Fact.bank_id == bank.id)
    )
