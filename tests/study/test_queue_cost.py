"""The next new fact is found along the bank's story order, not by sorting the whole bank:
the work of choosing it stays the same in a bank of 2,000 facts as in one of 20.

Work is counted in SQLite virtual-machine instructions (a progress handler called on
every one), so the figure is exact and the same on any machine, however busy.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, insert, select

from quizapp.extensions import db
from quizapp.models import Bank, Fact, IssuedItem, Question, User
from quizapp.study.queue import Scope, choose_next_fact, session_counts
from quizapp.timeutil import now_utc
from tests.support.study_fixtures import give_memory

SEEN = 5


@contextmanager
def counting_instructions() -> Iterator[list[int]]:
    """Count the SQLite instructions the session's connection runs inside the block."""
    raw = db.session.connection().connection.dbapi_connection
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0  # go on

    raw.set_progress_handler(tick, 1)  # type: ignore[union-attr]
    try:
        yield counted
    finally:
        raw.set_progress_handler(None, 1)  # type: ignore[union-attr]


def _bank(slug: str, facts: int) -> Bank:
    db.session.execute(insert(Bank).values(slug=slug, title=slug, description=""))
    bank = db.session.scalars(select(Bank).where(Bank.slug == slug)).one()
    db.session.execute(
        insert(Fact),
        [
            {"bank_id": bank.id, "key": f"f{n}", "statement": f"Fact {n}.", "position": n}
            for n in range(facts)
        ],
    )
    ids = db.session.scalars(select(Fact.id).where(Fact.bank_id == bank.id).order_by(Fact.id))
    db.session.execute(
        insert(Question),
        [
            {
                "fact_id": fact_id,
                "key": "mc",
                "kind": "multiple_choice",
                "prompt": f"Which office handles case {fact_id}?",
                "answer": f"Office {fact_id}",
                "choices": ["Police office", "Customs office"],
            }
            for fact_id in ids
        ],
    )
    db.session.commit()
    return bank


def _work_to_choose(student: User, facts: int) -> tuple[int, str]:
    """Instructions spent choosing the next new fact of a bank of ``facts`` facts whose
    first SEEN the learner has met (none due); and the fact chosen."""
    bank = _bank(f"bank-{facts}", facts)
    now = now_utc()
    met = db.session.scalars(
        select(Fact).where(Fact.bank_id == bank.id).order_by(Fact.position).limit(SEEN)
    )
    for fact in met:
        give_memory(student, fact, due=now + timedelta(days=3), stability=3.0)
    scope = Scope(bank.slug)
    counts = session_counts(student, scope, now)
    with counting_instructions() as counted:
        choice = choose_next_fact(student, scope, now, counts)
    assert choice is not None
    return counted[0], choice.fact.key


def test_finding_the_next_new_fact_does_not_grow_with_the_bank(app, student, is_postgres):
    if is_postgres:
        pytest.skip("counts SQLite's instructions")
    student.daily_new_limit = 100_000
    db.session.commit()
    small, small_fact = _work_to_choose(student, 20)
    large, large_fact = _work_to_choose(student, 2_000)
    assert small_fact == large_fact == f"f{SEEN}"  # story order: the first one not met
    assert large < small * 1.5, (small, large)


def _old_used_items(student: User, bank: Bank, count: int) -> None:
    """``count`` items issued and answered on days before today: a learner's history."""
    fact = db.session.scalars(select(Fact).where(Fact.bank_id == bank.id).limit(1)).one()
    question = db.session.scalars(select(Question).where(Question.fact_id == fact.id)).one()
    long_ago = now_utc() - timedelta(days=200)
    db.session.execute(
        insert(IssuedItem),
        [
            {
                "token": f"old-{n}",
                "user_id": student.id,
                "question_id": question.id,
                "fact_id": fact.id,
                "choice_order": [],
                "hint_shown": False,
                "issued_at": long_ago + timedelta(minutes=n),
                "used_at": long_ago + timedelta(minutes=n, seconds=5),
            }
            for n in range(count)
        ],
    )
    db.session.commit()


def test_todays_counts_do_not_grow_with_the_items_answered_on_other_days(app, student, is_postgres):
    """The study page looks for the item still waiting to be answered; a learner's
    thousands of items answered over a year are not walked to find it."""
    if is_postgres:
        pytest.skip("counts SQLite's instructions")
    bank = _bank("history", 20)
    scope = Scope(bank.slug)
    with counting_instructions() as fresh:
        session_counts(student, scope, now_utc())
    _old_used_items(student, bank, 5_000)
    with counting_instructions() as a_year_on:
        session_counts(student, scope, now_utc())
    assert a_year_on[0] < fresh[0] * 1.5, (fresh[0], a_year_on[0])


def test_counting_and_ranking_due_facts_reads_the_due_index_alone(app, student, is_postgres):
    """A learner back after weeks has hundreds of facts due: the study page counts them
    and ranks them by how likely each is forgotten. Both read each due state's fact,
    stability and last review from the ``(user, due)`` index itself (SQLite's plan says
    COVERING INDEX), not from the table row behind every entry."""
    if is_postgres:
        pytest.skip("the plan checked is SQLite's")
    bank = _bank("due", 5)
    now = now_utc()
    for fact in db.session.scalars(select(Fact).where(Fact.bank_id == bank.id)):
        give_memory(student, fact, due=now - timedelta(hours=1), stability=1.0)
    scope = Scope()
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, *_args: Any) -> None:
        statements.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        counts = session_counts(student, scope, now)
        assert counts.due_now == 5
        assert choose_next_fact(student, scope, now, counts) is not None
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    raw = db.session.connection().connection.dbapi_connection
    uses = [
        row[3]
        for statement, params in statements
        for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", params)
        if "ix_memory_states_user_due" in row[3]
    ]
    assert len(uses) >= 2, uses  # the count and the ranking
    assert all("COVERING INDEX" in use for use in uses), uses
