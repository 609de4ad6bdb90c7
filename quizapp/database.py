"""Database engine tuning and small session helpers shared by every capability."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

# Execution option for a connection that only reads, possibly for a long time.
READ_ONLY_OPTION = "quizapp_read_only"
# Execution option for a transaction that will write, though its request is a GET.
WRITES_OPTION = "quizapp_writes"
_READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _reads_only(connection: Any) -> bool:
    """Whether a transaction starting now can skip SQLite's write lock: it was asked to
    (a long export), or it serves a GET that has not said it will write."""
    options = connection.get_execution_options()
    if options.get(WRITES_OPTION):
        return False
    if options.get(READ_ONLY_OPTION):
        return True
    return has_request_context() and request.method in _READING_METHODS


def configure_sqlite(engine: Engine) -> None:
    """Make SQLite fit a web server: WAL (readers never block the writer), enforced
    foreign keys, and a busy timeout instead of instant "database is locked" errors."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy issue BEGIN itself so transactions really are transactions.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front, so two writers queue on the busy
        # timeout instead of one failing halfway through its transaction. Reading
        # requests (GET) and long reads (a streamed CSV export) begin DEFERRED instead:
        # they read a WAL snapshot without holding the lock answers need. A GET that
        # turns out to write calls ``start_writing`` first.
        connection.exec_driver_sql("BEGIN" if _reads_only(connection) else "BEGIN IMMEDIATE")


def start_writing() -> None:
    """End the request's reading transaction and begin one that holds the write lock.

    On SQLite a DEFERRED transaction that has read cannot safely turn into a writer
    (another worker's commit makes it fail at once instead of waiting), so a GET that
    decides to write ends its read first. Loaded objects stay loaded (no expiry): the
    page renders from them without reading them again."""
    session = db.session()
    if session.in_transaction():
        session.expire_on_commit = False
        try:
            session.commit()
        finally:
            session.expire_on_commit = True
    session.connection(execution_options={WRITES_OPTION: True})


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session loaded, for a page rendered right after
    its write from objects it already holds (one read of each row per request)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
