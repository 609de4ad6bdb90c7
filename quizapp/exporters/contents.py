"""What an export contains: a bank's active facts in story order with their active questions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Bank, Fact, Question


@dataclass
class ExportFact:
    fact: Fact
    questions: list[Question]


Progress = Callable[[int], None] | None


def bank_contents(bank: Bank, on_progress: Progress = None) -> list[ExportFact]:
    """Retired facts and questions are left out: an export is what learners are asked now.

    ``on_progress(1)`` is called per fact, for the command line's progress bar."""
    facts = db.session.scalars(
        select(Fact)
        .where(Fact.bank_id == bank.id, Fact.active.is_(True))
        .order_by(Fact.position, Fact.id)
        .options(selectinload(Fact.questions))
    )
    contents = []
    for fact in facts:
        contents.append(
            ExportFact(fact, sorted((q for q in fact.questions if q.active), key=_order))
        )
        if on_progress:
            on_progress(1)
    return contents


def _order(question: Question) -> tuple[int, int]:
    return (question.position, question.id)
