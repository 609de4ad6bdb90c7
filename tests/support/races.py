"""Two requests at the same moment, made to meet where they would collide.

Tests of races run each side in a thread (``in_thread``) and either hold both sides at
the statement where they would collide until both have reached it (``meeting_at``), or
hold one just before a statement or its commit (``paused_before``) while the other runs
until it waits on the first one's row lock (``waits_on_a_lock``, PostgreSQL):
``while_paused`` does the latter in one call. Either way the collision happens on every
run, not only when the threads happen to interleave."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.pool import NullPool


def in_thread(
    app: Flask, target: Callable[[], Any], name: str | None = None
) -> tuple[threading.Thread, list[Any]]:
    """Run ``target`` in a started thread (named ``name``), in its own app context (a
    test client's requests need one around them); its result (or the error it raised)
    lands in the list."""
    results: list[Any] = []

    def run() -> None:
        try:
            with app.app_context():
                results.append(target())
        except Exception as error:  # reported by the test's assertions
            results.append(error)

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, results


@contextmanager
def _lock_waits(url: str | URL) -> Iterator[Callable[[], int]]:
    """How many sessions of this PostgreSQL database wait on a lock now, asked on a
    connection of its own.

    Each look is a transaction of its own (AUTOCOMMIT): PostgreSQL shows a transaction
    the same picture of ``pg_stat_activity`` throughout, so looks in one transaction
    would never see a wait that began after the first."""
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    query = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    try:
        with engine.connect() as connection:
            yield lambda: int(connection.execute(query).scalar_one())
    finally:
        engine.dispose()


def waits_on_a_lock(url: str, done: Callable[[], bool] = lambda: False, sessions: int = 1) -> bool:
    """Wait until ``sessions`` sessions of this PostgreSQL database wait on a lock (True),
    or ``done()`` says the other side finished without waiting (False)."""
    with _lock_waits(url) as waiting:
        for _ in range(1500):
            if waiting() >= sessions:
                return True
            if done():
                return False
            time.sleep(0.02)
    raise AssertionError(f"{sessions} sessions never waited on a lock")


@contextmanager
def _someone_waits(engine: Engine) -> Iterator[Callable[[], bool]]:
    """Whether a session of ``engine``'s database waits on a lock now (PostgreSQL; on
    SQLite nobody can tell: never)."""
    if engine.dialect.name != "postgresql":
        yield lambda: False
        return
    looking = threading.Lock()  # one connection, and several threads may wait at a meeting
    with _lock_waits(engine.url) as waiting:

        def someone_waits() -> bool:
            with looking:
                return waiting() > 0

        yield someone_waits


@contextmanager
def meeting_at(engine: Engine, statement_start: str, parties: int = 2) -> Iterator[None]:
    """Hold each thread that runs a statement starting with ``statement_start`` until
    ``parties`` threads have reached it, so they run it together (the first time only).

    A thread that another one's lock stops earlier never arrives, and those waiting go on
    alone (a correct app that serialises the requests passes): on PostgreSQL as soon as
    a session waits on a lock, else after a few seconds. On SQLite that is every writing
    statement (one writer at a time holds the database's write lock, from the start of
    its writing transaction), and nobody can tell, so there the wait is short: half a
    second is ample for threads started together to meet at a read."""
    patience = 3.0 if engine.dialect.name == "postgresql" else 0.5
    met = threading.Event()  # they meet once: a retry runs the statement unheld
    arriving = threading.Lock()
    arrived = 0

    def meet(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        nonlocal arrived
        if met.is_set() or not statement.lstrip().upper().startswith(statement_start.upper()):
            return
        with arriving:
            arrived += 1
            if arrived >= parties:
                met.set()
                return
        deadline = time.monotonic() + patience
        while not met.wait(0.02) and time.monotonic() < deadline and not someone_waits():
            pass
        met.set()

    with _someone_waits(engine) as someone_waits:
        event.listen(engine, "before_cursor_execute", meet)
        try:
            yield
        finally:
            event.remove(engine, "before_cursor_execute", meet)


class Pause:
    """Where ``paused_before`` holds a thread: ``reached`` once it is there, and it goes
    on when ``go_on`` is set."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.go_on = threading.Event()

    def wait_until_reached(self) -> None:
        assert self.reached.wait(30), "the thread never reached its pause"


@contextmanager
def paused_before(engine: Engine, statement_start: str, thread: str) -> Iterator[Pause]:
    """Hold the thread named ``thread`` just before it runs a statement starting with
    ``statement_start`` ("COMMIT" for its commit), the first time, until ``go_on``."""
    pause = Pause()

    def hold() -> None:
        if threading.current_thread().name == thread and not pause.reached.is_set():
            pause.reached.set()
            pause.go_on.wait(30)

    def before_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(statement_start.upper()):
            hold()

    def before_commit(_conn: Any) -> None:
        hold()

    hook, name = (
        (before_commit, "commit")
        if statement_start.upper() == "COMMIT"
        else (before_statement, "before_cursor_execute")
    )
    event.listen(engine, name, hook)
    try:
        yield pause
    finally:
        pause.go_on.set()
        event.remove(engine, name, hook)


def while_paused(
    app: Flask,
    engine: Engine,
    first: Callable[[], Any],
    pause_at: str,
    second: Callable[[], Any],
) -> tuple[Any, Any]:
    """Run ``first`` until just before ``pause_at`` (a statement's start, or "COMMIT"),
    then ``second`` until it waits on a lock ``first`` holds (or finishes without
    waiting), then let ``first`` go on; what each returned (or the error it raised)."""
    url = engine.url.render_as_string(hide_password=False)
    with paused_before(engine, pause_at, "first") as pause:
        first_thread, first_result = in_thread(app, first, name="first")
        pause.wait_until_reached()
        second_thread, second_result = in_thread(app, second)
        try:
            waits_on_a_lock(url, lambda: not second_thread.is_alive())
        finally:
            pause.go_on.set()  # even when the test fails: never leave a thread held
        first_thread.join(30)
        second_thread.join(30)
    return first_result[0], second_result[0]
