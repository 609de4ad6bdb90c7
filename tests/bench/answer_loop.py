"""Goal 1's measurement: the study answer loop under load, against a bare reference.

gunicorn (4 sync workers) serves the app, and in the same run the bare reference pair
(``reference_app``) on the same database; logged-in learners loop "get the item, answer
it" (``client``) at 16 and 64 learners, on SQLite and on PostgreSQL (see ``postgres``).
The app's learners are measured twice: in a browser that runs the page's scripts and in
one that does not; both answer the card the feedback carries (Continue shows it without
a request: one request per answer). Phases run in a palindrome (scripts, reference,
no scripts, no scripts, reference, scripts) so a machine's drift slows all three alike.
"""

from __future__ import annotations

import asyncio
import resource
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, update

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
from .servers import database_cpu_seconds, gunicorn, server_cpu_seconds
from .table import INFO, Row

LEARNERS = (16, 64)
WARM_UP_SECONDS = 3.0
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
    # A served database has planner statistics (autovacuum keeps them); one just
    # bulk-filled has none until autovacuum's next pass, and its plans guess.
    _analyze(url)
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
        total.answer_ms.extend(result.answer_ms)
        total.seconds += result.seconds
        total.server_cpu += result.server_cpu
        total.client_cpu += result.client_cpu
        total.database_cpu += result.database_cpu
    return total


def _analyze(url: str) -> None:
    """Planner statistics for what the tables hold now, as autovacuum keeps them on a
    served PostgreSQL database (SQLite has no such pass)."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    finally:
        engine.dispose()


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _timed(
    server: str,
    clients: list[httpx.AsyncClient],
    start: str,
    seconds: float,
    scripts: bool = True,
) -> LoopResult:
    """One phase of the loop, with the CPU its server and this client spent on it."""
    server_before, client_before = server_cpu_seconds(server), _own_cpu_seconds()
    database_before = database_cpu_seconds()
    result = await run_loop(clients, start, seconds, scripts)
    result.server_cpu = server_cpu_seconds(server) - server_before
    result.client_cpu = _own_cpu_seconds() - client_before
    result.database_cpu = database_cpu_seconds() - database_before
    return result


# The app's two browsers, as the rows name them.
SCRIPTS, NO_SCRIPTS = "with the page's script", "without scripts"
# One learner count's phases, in the order they run (a palindrome, see the module).
PHASES = (SCRIPTS, "reference", NO_SCRIPTS, NO_SCRIPTS, "reference", SCRIPTS)


@dataclass
class Measured:
    """One learner count's loops, merged per side."""

    ours: dict[str, LoopResult]  # per browser: SCRIPTS, NO_SCRIPTS
    reference: LoopResult


async def _measure(
    project: str, reference: str, emails: list[str], seconds: float, url: str
) -> dict[int, Measured]:
    clients = await logged_in(project, emails, PASSWORD)
    bare = [httpx.AsyncClient(base_url=reference, timeout=60) for _ in emails]
    measured = {}
    try:
        # A school's database is in use: learners part-way through the bank, answers in
        # the tables and their statistics up to date. Every learner answers for a moment
        # on both sides first; without it the planner would plan for the empty tables
        # of a fresh database (on PostgreSQL 5x slower counts, a plan no school runs).
        await run_loop(clients, "/study/", WARM_UP_SECONDS)
        await run_loop(bare, f"{reference}/ref/item?learner=1", WARM_UP_SECONDS)
        _analyze(url)
        for count in LEARNERS:
            phases: dict[str, list[LoopResult]] = {phase: [] for phase in PHASES}
            for phase in PHASES:
                if phase == "reference":
                    start = f"{reference}/ref/item?learner=1"
                    loop = await _timed(reference, bare[:count], start, seconds)
                else:
                    scripts = phase == SCRIPTS
                    loop = await _timed(project, clients[:count], "/study/", seconds, scripts)
                phases[phase].append(loop)
            measured[count] = Measured(
                {browser: _merge(phases[browser]) for browser in (SCRIPTS, NO_SCRIPTS)},
                _merge(phases["reference"]),
            )
    finally:
        for client in clients + bare:
            await client.aclose()
    return measured


def _rows(name: str, measured: dict[int, Measured]) -> list[Row]:
    rows = []
    for count, loops in measured.items():
        ref = loops.reference
        for browser, ours in loops.ours.items():
            rows.extend(_goal_rows(f"{name}, {count} learners, {browser}", ours, ref))
        # Why the ratio is what it is: where each answer's CPU went, on both sides.
        ours = loops.ours[SCRIPTS]
        parts = [
            ("server", ours.server_cpu, ref.server_cpu),
            ("client", ours.client_cpu, ref.client_cpu),
        ]
        if name == "PostgreSQL":
            parts.append(("database", ours.database_cpu, ref.database_cpu))
        for part, ours_cpu, ref_cpu in parts:
            ours_ms, ref_ms = ours.cpu_ms_per_answer(ours_cpu), ref.cpu_ms_per_answer(ref_cpu)
            rows.append(
                Row(
                    f"{part} CPU per answer, {name}, {count} learners, {SCRIPTS}",
                    ours_ms,
                    ref_ms,
                    "ms",
                    ours_ms / ref_ms if ref_ms else float("nan"),
                    INFO,
                    True,
                )
            )
        if count == LEARNERS[0]:
            for browser, ours in loops.ours.items():
                rows.append(
                    Row(
                        f"requests per answer, {name}, {browser} (reference: 2)",
                        ours.requests_per_answer,
                        ref.requests_per_answer,
                        "requests",
                        ours.requests_per_answer / ref.requests_per_answer,
                        "<= 1 (2 requests)",
                        ours.requests_per_answer <= ref.requests_per_answer + 0.05,
                    )
                )
        failed = {browser: ours.errors for browser, ours in loops.ours.items() if ours.errors}
        if failed or ref.errors:
            print(
                f"  note: {name}, {count} learners: failed requests {failed} (project), "
                f"{ref.errors} (reference)"
            )
    return rows


def _goal_rows(label: str, ours: LoopResult, ref: LoopResult) -> list[Row]:
    """Goal 1's figures for one loop of the app against the reference's: answers/s, the
    POST's p50 as the issue measured it, and the learner's whole wait per answer (every
    request of one answer: the reference's GET and POST; the app's POST alone when its
    feedback carried the card, with the GET when it did not)."""
    speed = ours.answers_per_second / ref.answers_per_second if ref.answers else 0.0
    wait = ours.post_p50_ms / ref.post_p50_ms
    answer_wait = ours.answer_p50_ms / ref.answer_p50_ms
    return [
        Row(
            f"answers/s ÷ reference, {label}",
            ours.answers_per_second,
            ref.answers_per_second,
            "answers/s",
            speed,
            ">= 0.5",
            speed >= 0.5 and not ours.errors,
        ),
        Row(
            f"POST answer p50 ÷ reference, {label}",
            ours.post_p50_ms,
            ref.post_p50_ms,
            "ms",
            wait,
            "<= 2",
            wait <= 2,
        ),
        Row(
            f"wait per answer p50 ÷ reference, {label}",
            ours.answer_p50_ms,
            ref.answer_p50_ms,
            "ms",
            answer_wait,
            "<= 2",
            answer_wait <= 2,
        ),
    ]


def served_env(url: str) -> dict[str, str]:
    """The environment the app is served with on ``url`` (and the reference, which reads
    ``REFERENCE_DATABASE_URL``): the loop's learners log in through the real form, so
    their hashing is cheap, and nothing limits their rate."""
    return {
        "DATABASE_URL": url,
        "REFERENCE_DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-key",
        "RATELIMIT_ENABLED": "false",
        "PASSWORD_HASH_METHOD": str(TEST_SETTINGS["PASSWORD_HASH_METHOD"]),
    }


@contextmanager
def one_database(postgres: bool) -> Iterator[str]:
    """A throwaway database for the loop: a fresh PostgreSQL database on the server the
    benchmarks use, or a SQLite file in a temporary folder."""
    with ExitStack() as stack:
        if postgres:
            server = postgres_server()
            if server is None:
                raise SystemExit("no PostgreSQL server answers (TEST_DATABASE_URL)")
            yield stack.enter_context(throwaway_postgres_database(server))
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            yield f"sqlite:///{folder / 'loop.sqlite3'}"


def run(quick: bool) -> list[Row]:
    seconds = 3.0 if quick else 8.0
    rows: list[Row] = []
    with _databases() as databases:
        for name, url in databases:
            emails = _fill(url, max(LEARNERS))
            env = served_env(url)
            with (
                gunicorn("wsgi:app", env, "/healthz") as project,
                gunicorn("tests.bench.reference_app:app", env, "/ref/health") as reference,
            ):
                measured = asyncio.run(_measure(project, reference, emails, seconds, url))
            rows.extend(_rows(name, measured))
    return rows
