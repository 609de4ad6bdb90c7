"""Database engine tuning and small session helpers shared by every capability."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from flask import current_app, has_request_context, request
from sqlalchemy import Insert, Table, Update, bindparam, event, select, text
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.expression import Executable

from .extensions import db
from .private_files import create_private_file
from .replica import READ_BIND

# Execution option for a connection that only reads, possibly for a long time.
READ_ONLY_OPTION = "quizapp_read_only"
# Execution option for a transaction that will write, though its request is a GET.
WRITES_OPTION = "quizapp_writes"
# Connection info: its current SQLite transaction began DEFERRED (it only reads so far).
_DEFERRED_KEY = "quizapp_deferred"
_READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A view function's attribute: its request reads first and calls ``start_writing`` itself.
_READS_FIRST_ATTRIBUTE = "quizapp_reads_first"

_View = TypeVar("_View", bound=Callable[..., Any])


def reads_before_writing(view: _View) -> _View:
    """Mark a view whose POST reads first and takes SQLite's write lock only when it
    writes (it calls ``start_writing``), as a GET does. Without it a POST begins with
    the lock, and holds it through everything the request does before its commit.

    Put it under ``login_required``: the wrapper copies the mark, and the user's row is
    read before the view runs."""
    setattr(view, _READS_FIRST_ATTRIBUTE, True)
    return view


def _reads_only(connection: Any) -> bool:
    """Whether a transaction starting now can skip SQLite's write lock: it was asked to
    (a long export), or it serves a GET, or a view that reads first, that has not said
    it will write."""
    options = connection.get_execution_options()
    if options.get(WRITES_OPTION):
        return False
    if options.get(READ_ONLY_OPTION):
        return True
    if not has_request_context():
        return False
    if request.method in _READING_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, _READS_FIRST_ATTRIBUTE, False)


def configure_sqlite(engine: Engine) -> None:
    """Make SQLite fit a web server: WAL (readers never block the writer), enforced
    foreign keys, and a busy timeout instead of instant "database is locked" errors.
    A database file it creates is its owner's only, as a backup is."""
    if engine.dialect.name != "sqlite":
        return
    from .backup import sqlite_path  # the backup module imports the models

    path = sqlite_path(engine.url)

    @event.listens_for(engine, "do_connect")
    def _create_private(*_args: Any) -> None:
        # It holds every email and password hash (``private_files``).
        if path is not None:
            create_private_file(path)

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
        ensure_power_function(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front, so two writers queue on the busy
        # timeout instead of one failing halfway through its transaction. Reading
        # requests (GET) and long reads (a streamed CSV export) begin DEFERRED instead:
        # they read a WAL snapshot without holding the lock answers need. A GET that
        # turns out to write calls ``start_writing`` first.
        deferred = _reads_only(connection)
        connection.info[_DEFERRED_KEY] = deferred
        connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def start_writing() -> None:
    """End the request's reading transaction and begin one that holds the write lock.

    On SQLite a DEFERRED transaction that has read cannot safely turn into a writer
    (another worker's commit makes it fail at once instead of waiting), so a GET that
    decides to write ends its read first. Loaded objects stay loaded (no expiry): the
    page renders from them without reading them again. PostgreSQL has no such lock (a
    row is locked when written): its transaction goes on, sparing a COMMIT and a BEGIN."""
    session = db.session()
    if writer_may_read_on():
        return
    if not session.in_transaction():
        session.connection(execution_options={WRITES_OPTION: True})
        return
    connection = session.connection()
    if connection.info.get(_DEFERRED_KEY):
        # The same connection and session transaction go on: SQLite's own transaction is
        # ended and a writing one begun under them (the session's commit ends that one).
        # Flushing first keeps any pending change in the transaction that reads it.
        session.flush()
        connection.exec_driver_sql("COMMIT")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        connection.info[_DEFERRED_KEY] = False


def writer_may_read_on() -> bool:
    """Whether a transaction that has written may go on reading (and write again) before
    its commit without keeping anyone waiting: on PostgreSQL, which locks only the rows
    written; not on SQLite, whose write lock holds every other writer until the commit.

    Where it may, a request that writes, reads, then writes again (an answer, then the
    next card its page carries) does it in one transaction, sparing a COMMIT, a BEGIN
    and a flush of the write-ahead log."""
    return db.session().get_bind().dialect.name != "sqlite"


def lock_row(id_column: InstrumentedAttribute[int], row_id: int, deleting: bool = False) -> bool:
    """Lock one row until the transaction ends, so that two requests checking and then
    changing what hangs on it (a double click, two teachers at once) run one after the
    other on PostgreSQL, as SQLite's write lock already runs them. FOR NO KEY UPDATE,
    which inserts pointing at the row (a learner's answers, a class's enrollments) do
    not wait for; FOR UPDATE when the row is about to be deleted, which they do.

    False when the row is gone: deleted by the request the lock waited for, whose
    deletion the caller must not write under (its insert would fail on the key)."""
    locked = select(id_column).where(id_column == row_id).with_for_update(key_share=not deleting)
    return db.session.execute(locked).first() is not None


def run_core(statement: Executable, params: dict[str, Any] | None = None) -> CursorResult[Any]:
    """Run a statement that loads no ORM objects (counts, a guarded UPDATE) on the
    session's connection and transaction, without the ORM's per-statement work: it is
    about a third of the cost of the study page's counts."""
    return db.session.connection().execute(statement, params)


def store_new(obj: Any) -> None:
    """INSERT a new ORM object's row as one Core statement and give the object its id,
    leaving it out of the session: the page renders from it as it is, and the commit has
    no unit of work to run. Unset (None) columns take their defaults."""
    table = type(obj).__table__
    values = {
        column.key: value
        for column in table.columns
        if column.key != "id" and (value := getattr(obj, column.key)) is not None
    }
    inserted = run_core(_insert(table), values).inserted_primary_key
    if inserted is None:  # every table of ours has an integer key the database assigns
        raise RuntimeError(f"{table.name}: the INSERT gave no primary key")
    obj.id = inserted[0]


def store_changes(obj: Any, columns: tuple[str, ...]) -> None:
    """UPDATE these columns of a loaded ORM object's row from its attributes, as one Core
    statement (the object must be out of the session, so its changes are not flushed
    again at commit)."""
    table = type(obj).__table__
    run_core(
        _update_by_id(table),
        {"row_id": obj.id, **{name: getattr(obj, name) for name in columns}},
    )


# Statements built once per table, so a request pays for running them only.
@cache
def _insert(table: Table) -> Insert:
    return table.insert()


@cache
def _update_by_id(table: Table) -> Update:
    return table.update().where(table.c.id == bindparam("row_id"))


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session loaded, for a page rendered right after
    its write from objects it already holds (one read of each row per request)."""
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


def ensure_power_function(dbapi_connection: Any) -> None:
    """Give SQLite ``power(x, y)`` when it was built without its math functions, so the
    progress pages can compute retrievability in SQL on every build."""
    try:
        dbapi_connection.execute("SELECT power(2, 0.5)").fetchone()
    except sqlite3.OperationalError:
        dbapi_connection.create_function("power", 2, math.pow, deterministic=True)


def read_engine() -> Engine:
    """The engine for long or heavy reads (exports, dashboards): the read replica when
    ``DATABASE_READ_URL`` is set, else the primary."""
    return db.engines.get(READ_BIND) or db.engine


def database_answers() -> bool:
    """Whether the database answers a round trip now, after ending the session's failed
    transaction. Asked when a statement failed with a driver error, to tell a database
    that is down or unreachable (the person can only wait) from a statement that failed
    on its own (a bug, which the 500 page and its logged traceback are for)."""
    try:
        db.session.rollback()
        db.session.execute(text("SELECT 1")).scalar_one()
        db.session.rollback()
    except SQLAlchemyError:
        return False
    return True
