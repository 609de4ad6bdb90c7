"""The facts of one bank in story order, with their questions: the query every bank
page (the learner's source page, the teacher's bank page) reads them with, a hundred at
a time, and the page that lists a given fact so that a link to it lands there."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Bank, Fact

# A bank page lists this many facts at a time: a bank of 3,000 questions was one 5 MB
# page of 15,000 controls that took seconds to open.
FACTS_PER_PAGE = 100


@dataclass(frozen=True)
class FactPage:
    """One page of a bank's facts and where it stands among the pages, for the pager."""

    facts: list[Fact]
    number: int
    pages: int

    @property
    def first_number(self) -> int:
        """The story-order number of the page's first fact (the list's ``start``)."""
        return (self.number - 1) * FACTS_PER_PAGE + 1


def _listed(bank_id: int, *, include_retired: bool) -> ColumnElement[bool]:
    """The facts a bank page lists: learners see only active facts; the teacher's page
    lists retired ones too, so they can be brought back."""
    in_bank = Fact.bank_id == bank_id
    return in_bank if include_retired else and_(in_bank, Fact.active.is_(True))


def bank_facts(bank: Bank, *, include_retired: bool, page: int | None = None) -> list[Fact]:
    """The facts listed, in story order; with ``page`` (from 1), that page of
    ``FACTS_PER_PAGE``."""
    query = (
        select(Fact)
        .where(_listed(bank.id, include_retired=include_retired))
        .order_by(Fact.position, Fact.id)
        .options(selectinload(Fact.questions))
    )
    if page is not None:
        query = query.limit(FACTS_PER_PAGE).offset((page - 1) * FACTS_PER_PAGE)
    return list(db.session.scalars(query))


def fact_pages(bank: Bank, *, include_retired: bool) -> int:
    """How many pages the bank's facts fill (one at least, for an empty bank)."""
    count = (
        db.session.scalar(
            select(func.count(Fact.id)).where(_listed(bank.id, include_retired=include_retired))
        )
        or 0
    )
    return max(1, -(-count // FACTS_PER_PAGE))


def fact_page(
    bank: Bank, *, include_retired: bool, number: int | None, fact_key: str | None = None
) -> FactPage:
    """The page asked for by number, kept within the pages there are (a page past the end,
    as a stale link may ask for, is the last one); or, given ``fact_key``, the page that
    lists that fact, so that a link to a fact needs no count of its own to land on it (a
    fact no longer listed, e.g. retired since: the page by number, or the first)."""
    fact = _listed_fact(bank, fact_key, include_retired=include_retired) if fact_key else None
    if fact is not None:
        number = page_of_fact(fact, include_retired=include_retired)
    pages = fact_pages(bank, include_retired=include_retired)
    number = min(max(number or 1, 1), pages)
    return FactPage(bank_facts(bank, include_retired=include_retired, page=number), number, pages)


def page_of_fact(fact: Fact, *, include_retired: bool) -> int:
    """The page of the bank's facts that lists ``fact``, so that a save or a link to it
    goes back to it."""
    before = db.session.scalar(
        select(func.count(Fact.id)).where(
            _listed(fact.bank_id, include_retired=include_retired),
            or_(
                Fact.position < fact.position,
                and_(Fact.position == fact.position, Fact.id < fact.id),
            ),
        )
    )
    return (before or 0) // FACTS_PER_PAGE + 1


def _listed_fact(bank: Bank, key: str, *, include_retired: bool) -> Fact | None:
    return db.session.scalar(
        select(Fact).where(_listed(bank.id, include_retired=include_retired), Fact.key == key)
    )
