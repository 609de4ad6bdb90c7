"""What a teacher may open in the workspace: their own banks, nobody else's.

(Classes: ``progress.classroom.teacher_classroom_or_404`` is the one rule for them.)

Other teachers' classes and banks answer 404 (they cannot even be discovered); built-in
banks can be viewed, assigned and exported but answer 403 to any change.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from ..banks.access import can_edit_bank, visible_bank_or_404
from ..extensions import db
from ..models import Bank, Fact, Question, User


def teacher_bank_or_404(teacher: User, slug: str) -> Bank:
    """A bank the teacher may open: their own or a built-in one."""
    return visible_bank_or_404(teacher, slug)


def editable_bank_or_abort(teacher: User, slug: str) -> Bank:
    bank = teacher_bank_or_404(teacher, slug)
    if not can_edit_bank(teacher, bank):
        abort(403)
    return bank


def fact_in_bank_or_404(bank: Bank, fact_id: int) -> Fact:
    fact = db.session.get(Fact, fact_id)
    if fact is None or fact.bank_id != bank.id:
        abort(404)
    return fact


def question_in_bank_or_404(bank: Bank, question_id: int) -> Question:
    question: Question = db.first_or_404(  # Flask-SQLAlchemy types the row as Any
        select(Question)
        .join(Fact, Fact.id == Question.fact_id)
        .where(Question.id == question_id, Fact.bank_id == bank.id)
    )
    return question
