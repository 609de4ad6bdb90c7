"""How the study queue scales with a learner's history (part of ``make bench``).

The same queries for a learner with 10 facts' memory states and one with 1,000 (all due,
the worst case, since due facts are ordered by retrievability), on a migrated SQLite file
— and on PostgreSQL too when ``TEST_DATABASE_URL`` is set. Medians; the goal is a flat
queue (1,000 states within 2x of 10).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import MemoryState, User
from quizapp.study.issued_items import current_study_item
from quizapp.study.queue import bank_scope, next_fact, summary
from tests.support.databases import (
    TEST_SETTINGS,
    migrate_to_head,
    running,
    throwaway_postgres_database,
)
from tests.support.study_fixtures import NOON

from .data import insert_bank
from .postgres import postgres_server
from .table import Row

SIZES = (10, 1_000)
REPEATS = 15


def _build(facts: int) -> None:
    """One bank of ``facts`` facts (two questions each) and, per size, a learner whose
    memory holds that many of them, all due now."""
    fact_ids = insert_bank(
        facts,
        lambda fact_id: [
            {"fact_id": fact_id, "key": kind, "kind": kind, "prompt": "?", "answer": "true"}
            for kind in ("true_false", "typed")
        ],
    )
    for size in SIZES:
        db.session.execute(
            insert(User).values(
                email=f"learner{size}@example.org", display_name=str(size), password_hash="x"
            )
        )
        user_id = db.session.scalar(select(User.id).where(User.display_name == str(size)))
        db.session.execute(
            insert(MemoryState),
            [
                {
                    "user_id": user_id,
                    "fact_id": fact_id,
                    "state": 2,
                    "stability": 1.0 + (n % 40),
                    "difficulty": 5.0,
                    "due": NOON - timedelta(hours=n % 72),
                    "last_review": NOON - timedelta(days=1 + n % 30),
                    "reps": 3,
                    "lapses": 0,
                }
                for n, fact_id in enumerate(fact_ids[:size])
            ],
        )
    db.session.commit()
    # A live database keeps planner statistics (autovacuum); fresh tables have none.
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    return statistics.median(timings)


def _measure(label: str, repeats: int) -> list[Row]:
    _build(max(SIZES))
    learners = {
        size: db.session.scalar(select(User).where(User.display_name == str(size)))
        for size in SIZES
    }
    measures: dict[str, Callable[[User], object]] = {
        "next fact (due queue)": lambda user: next_fact(user, bank_scope(user), NOON),
        "summary (home page)": lambda user: summary(user, bank_scope(user), NOON),
        # The first call issues an item; the rest measure a reload showing it again.
        "study page item": lambda user: current_study_item(user, bank_scope(user), NOON),
    }
    rows = []
    for name, measure in measures.items():
        small, large = (
            _median_ms(lambda user=learners[size], run=measure: run(user), repeats)
            for size in SIZES
        )
        ratio = large / small
        rows.append(
            Row(
                f"{name}, {SIZES[1]:,} vs {SIZES[0]} due states, {label}",
                large,
                small,
                "ms",
                ratio,
                "<= 2",
                ratio <= 2,
            )
        )
    return rows


@contextmanager
def _app(url: str) -> Iterator[None]:
    migrate_to_head(url)
    with running(create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": url})):
        yield


def run(quick: bool) -> list[Row]:
    repeats = 5 if quick else REPEATS
    with tempfile.TemporaryDirectory() as folder, _app(f"sqlite:///{Path(folder) / 'b.db'}"):
        rows = _measure("SQLite", repeats)
    server = postgres_server()
    if server:
        with throwaway_postgres_database(server) as url, _app(url):
            rows += _measure("PostgreSQL", repeats)
    else:
        print("  note: queue on PostgreSQL skipped: no server (set TEST_DATABASE_URL).")
    return rows
