"""Benchmarks, side by side in one run: ``python -m tests.benchmarks`` (``make bench``).

Measures how the study queue scales with a learner's history: the same queries for a
learner with 10 facts' memory states and one with 1,000 (all due, the worst case, since
due facts are ordered by retrievability), on a migrated SQLite file — and on PostgreSQL
too when ``TEST_DATABASE_URL`` is set. Prints medians and the ratio; asserts nothing.
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
from quizapp.models import Bank, Fact, MemoryState, Question, User
from quizapp.study.items import current_study_item
from quizapp.study.queue import bank_scope, next_fact, summary

from .databases import (
    TEST_SETTINGS,
    migrate_to_head,
    postgres_url,
    running,
    throwaway_postgres_database,
)
from .study_fixtures import NOON

SIZES = (10, 1_000)
REPEATS = 15


def _build(facts: int) -> None:
    """One bank of ``facts`` facts (two questions each) and, per size, a learner whose
    memory holds that many of them, all due now."""
    db.session.execute(insert(Bank).values(slug="bench", title="Bench", description=""))
    bank_id = db.session.scalar(select(Bank.id))
    db.session.execute(
        insert(Fact),
        [
            {"bank_id": bank_id, "key": f"f{n}", "statement": f"Fact {n}.", "position": n}
            for n in range(facts)
        ],
    )
    fact_ids = list(db.session.scalars(select(Fact.id).order_by(Fact.id)))
    db.session.execute(
        insert(Question),
        [
            {"fact_id": fact_id, "key": kind, "kind": kind, "prompt": "?", "answer": "true"}
            for fact_id in fact_ids
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


def _median_ms(action: Callable[[], object]) -> float:
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    return statistics.median(timings)


def _measure(label: str) -> None:
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
    print(f"\n{label}: median of {REPEATS} runs, learners with {SIZES[0]} vs {SIZES[1]} states")
    print(f"{'query':<24}{SIZES[0]:>10} ms{SIZES[1]:>10} ms{'ratio':>9}")
    for name, measure in measures.items():
        small, large = (
            _median_ms(lambda user=learners[size], run=measure: run(user)) for size in SIZES
        )
        print(f"{name:<24}{small:>13.2f}{large:>13.2f}{large / small:>8.1f}x")


@contextmanager
def _app(url: str) -> Iterator[None]:
    migrate_to_head(url)
    with running(create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": url})):
        yield


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, _app(f"sqlite:///{Path(folder) / 'b.db'}"):
        _measure("SQLite")
    server = postgres_url()
    if server:
        with throwaway_postgres_database(server) as url, _app(url):
            _measure("PostgreSQL")
    else:
        print("\n(PostgreSQL skipped: set TEST_DATABASE_URL to measure it too.)")


if __name__ == "__main__":
    main()
