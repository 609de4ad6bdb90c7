"""Bulk-inserted benchmark data (set-based inserts, no ORM objects)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import insert, select

from quizapp.extensions import db
from quizapp.models import Bank, Fact, Question


def insert_bank(facts: int, questions: Callable[[int], list[dict[str, Any]]]) -> list[int]:
    """A bank "bench" of ``facts`` facts, each with the question rows ``questions(fact_id)``
    gives; returns the fact ids in order. The caller commits."""
    db.session.execute(insert(Bank).values(slug="bench", title="Bench", description=""))
    bank_id = db.session.scalar(select(Bank.id).where(Bank.slug == "bench"))
    db.session.execute(
        insert(Fact),
        [
            {"bank_id": bank_id, "key": f"f{n}", "statement": f"Fact {n}.", "position": n}
            for n in range(facts)
        ],
    )
    fact_ids = list(db.session.scalars(select(Fact.id).order_by(Fact.id)))
    db.session.execute(
        insert(Question), [row for fact_id in fact_ids for row in questions(fact_id)]
    )
    return fact_ids
