"""The facts of one bank in story order, with their questions: the query every bank
page (the learner's source page, the teacher's bank page) reads them with."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Bank, Fact

# The teacher's bank page lists this many facts at a time: a bank of 3,000 questions was
# one 5 MB page of 15,000 controls that took seconds to open.
FACTS_PER_PAGE = 100


def bank_facts(bank: Bank, *, include_retired: bool, page: int | None = None) -> list[Fact]:
    """Learners see only active facts; the teacher's page lists retired ones too, so they
    can be brought back. With ``page`` (from 1), that page of ``FACTS_PER_PAGE``."""
    query = select(Fact).where(Fact.bank_id == bank.id)
    if not include_retired:
        query = query.where(Fact.active.is_(True))
    query = query.order_by(Fact.position, Fact.id).options(selectinload(Fact.questions))
    if page is not None:
        query = query.limit(FACTS_PER_PAGE).offset((page - 1) * FACTS_PER_PAGE)
    return list(db.session.scalars(query))


def fact_pages(bank: Bank) -> int:
    """How many pages the teacher's bank page has (one at least, for an empty bank)."""
    count = db.session.scalar(select(func.count(Fact.id)).where(Fact.bank_id == bank.id)) or 0
    return max(1, -(-count // FACTS_PER_PAGE))


def page_of_fact(fact: Fact) -> int:
    """The page of the teacher's bank page that lists ``fact``, so that a save goes back
    to it."""
    before = db.session.scalar(
        select(func.count(Fact.id)).where(
            Fact.bank_id == fact.bank_id,
            or_(
                Fact.position < fact.position,
                and_(Fact.position == fact.position, Fact.id < fact.id),
            ),
        )
    )
    return (before or 0) // FACTS_PER_PAGE + 1
