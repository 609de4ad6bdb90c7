"""Goal 1's measurement: the study answer loop under load, against a bare reference.

gunicorn (4 sync workers) serves the app, and in the same run the bare reference pair
(``reference_app``) on the same database; logged-in learners loop "get the item, answer
it" (``client``) at 16 and 64 learners, on SQLite and on PostgreSQL (see ``postgres``).
Project and reference phases alternate (ABBA) so a busy machine slows both alike.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from sqlalchemy import update

from quizapp import create_app
from quizapp.auth.accounts import create_user
from quizapp.extensions import db
from quizapp.models import User
from tests.support.databases import (
    TEST_SETTINGS,
    migrate_to_head,
    running,
    throwaway_postgres_database,
)

from .client import LoopResult, logged_in, run_loop
from .data import insert_bank
from .postgres import postgres_server
from .reference_app import create_tables
from .servers import gunicorn
from .table import Row

LEARNERS = (16, 64)
FACTS = 600
PASSWORD = "bench password 1234"


def _fill(url: str, learners: int) -> list[str]:
    """A bank of FACTS multiple-choice facts and ``learners`` learners with no daily limit."""
    migrate_to_head(url)
    create_tables(url)
    with running(create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": url})):
        insert_bank(
            FACTS,
            lambda fact_id: [
                {
                    "fact_id": fact_id,
                    "key": "mc",
                    "kind": "multiple_choice",
                    "prompt": f"Which office handles case {fact_id}?",
                    "answer": f"Office {fact_id}",
                    "choices": ["Police office", "Customs office", "Weather office"],
                }
            ],
        )
        emails = [f"learner{n}@bench.example" for n in range(learners)]
        for email in emails:
            create_user(email, PASSWORD, display_name=email.split("@")[0])
        db.session.execute(update(User).values(daily_new_limit=100_000))
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # A served database has planner statistics (autovacuum keeps them); one just
            # bulk-filled has none until autovacuum's next pass, and its plans guess.
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    return emails


@contextmanager
def _databases() -> Iterator[list[tuple[str, str]]]:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        found = [("SQLite", f"sqlite:///{folder / 'loop.sqlite3'}")]
        server = postgres_server()
        if server:
            found.append(("PostgreSQL", stack.enter_context(throwaway_postgres_database(server))))
        yield found


def _merge(results: list[LoopResult]) -> LoopResult:
    total = LoopResult()
    for result in results:
        total.answers += result.answers
        total.requests += result.requests
        total.errors += result.errors
        total.post_ms.extend(result.post_ms)
        total.seconds += result.seconds
    return total


async def _measure(project: str, reference: str, emails: list[str], seconds: float):
    clients = await logged_in(project, emails, PASSWORD)
    bare = [httpx.AsyncClient(base_url=reference, timeout=60) for _ in emails]
    measured = {}
    try:
        for count in LEARNERS:
            ours, theirs = [], []
            for side in ("project", "reference", "reference", "project"):
                if side == "project":
                    ours.append(await run_loop(clients[:count], "/study/", seconds))
                else:
                    theirs.append(
                        await run_loop(bare[:count], f"{reference}/ref/item?learner=1", seconds)
                    )
            measured[count] = (_merge(ours), _merge(theirs))
    finally:
        for client in clients + bare:
            await client.aclose()
    return measured


def _rows(name: str, measured: dict[int, tuple[LoopResult, LoopResult]]) -> list[Row]:
    rows = []
    for count, (ours, ref) in measured.items():
        speed = ours.answers_per_second / ref.answers_per_second if ref.answers else 0.0
        wait = ours.post_p50_ms / ref.post_p50_ms
        rows.append(
            Row(
                f"answers/s ÷ reference, {name}, {count} learners",
                ours.answers_per_second,
                ref.answers_per_second,
                "answers/s",
                speed,
                ">= 0.5",
                speed >= 0.5 and not ours.errors,
            )
        )
        rows.append(
            Row(
                f"POST answer p50 ÷ reference, {name}, {count} learners",
                ours.post_p50_ms,
                ref.post_p50_ms,
                "ms",
                wait,
                "<= 2",
                wait <= 2,
            )
        )
        if count == LEARNERS[0]:
            rows.append(
                Row(
                    f"requests per answer, {name} (reference: 2)",
                    ours.requests_per_answer,
                    ref.requests_per_answer,
                    "requests",
                    ours.requests_per_answer / ref.requests_per_answer,
                    "<= 1 (2 requests)",
                    ours.requests_per_answer <= ref.requests_per_answer + 0.05,
                )
            )
        if ours.errors or ref.errors:
            print(
                f"  note: {name}, {count} learners: {ours.errors} failed requests (project), "
                f"{ref.errors} (reference)"
            )
    return rows


def run(quick: bool) -> list[Row]:
    seconds = 3.0 if quick else 8.0
    rows: list[Row] = []
    with _databases() as databases:
        for name, url in databases:
            emails = _fill(url, max(LEARNERS))
            env = {
                "DATABASE_URL": url,
                "REFERENCE_DATABASE_URL": url,
                "SECRET_KEY": "bench-secret-key",
                "RATELIMIT_ENABLED": "false",
                "PASSWORD_HASH_METHOD": TEST_SETTINGS["PASSWORD_HASH_METHOD"],
            }
            with (
                gunicorn("wsgi:app", env, "/healthz") as project,
                gunicorn("tests.bench.reference_app:app", env, "/ref/health") as reference,
            ):
                measured = asyncio.run(_measure(project, reference, emails, seconds))
            rows.extend(_rows(name, measured))
    return rows
