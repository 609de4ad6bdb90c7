"""The facts of one bank in story order, with their questions: the query every bank
page (the learner's source page, the teacher's bank page) reads them with."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Bank, Fact


def bank_facts(bank: Bank, *, include_retired: bool) -> list[Fact]:
    """Learners see only active facts; the teacher's page lists retired ones too, so they
    can be brought back."""
    query = select(Fact).where(Fact.bank_id == bank.id)
    if not include_retired:
        query = query.where(Fact.active.is_(True))
    return list(
        db.session.scalars(
            query.order_by(Fact.position, Fact.id).options(selectinload(Fact.questions))
        )
    )
