"""Consistent copies of a SQLite database while the app serves, and restoring one.

SQLite's online backup API (``sqlite3.Connection.backup``) copies the database inside
one read transaction: in WAL mode writers carry on meanwhile and the copy is exactly
the database as it was at one instant, never half a transaction. It copies in steps of
``STEP_PAGES`` pages, reporting each (a long copy shows its progress), all within that
one transaction. Copying the file with ``cp`` instead can catch it mid-write, and misses
what still sits in the ``-wal`` file.

PostgreSQL has its own tools (``pg_dump``/``pg_restore``); ``postgres_instructions``
says how to run them against the configured database.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from .cli_errors import missing_folder
from .date_text import counted
from .private_files import PRIVATE  # a copy holds every email and password hash
from .schema import missing_core_tables

# Tables that hold no one's data: a migrated database with rows only here is empty.
SCHEMA_TABLES = {"alembic_version", "sqlite_sequence"}
# Pages copied between two progress reports: 4 MiB at SQLite's usual 4 KiB pages.
STEP_PAGES = 1024
# Told the pages copied so far and the pages in all, after each step of a copy.
PageProgress = Callable[[int, int], None]


class BackupError(Exception):
    """A backup or restore that cannot run; nothing was changed. The message says why."""


@dataclass(frozen=True)
class Copied:
    path: Path
    rows: int
    schema_version: str | None

    def __str__(self) -> str:
        version = self.schema_version or "none"
        return f"{self.path}: {counted(self.rows, 'row')}, schema version {version}"


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL (or an in-memory SQLite)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _open_existing(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        connection.close()
        if _starts_as_sqlite(path):  # a copy cut short, or a disk that failed
            raise BackupError(f"{path} is a damaged SQLite database ({error}).") from error
        raise BackupError(f"{path} is not a SQLite database ({error}).") from error
    if problems != ["ok"]:
        connection.close()
        more = f" (and {counted(len(problems) - 1, 'more problem')})" if len(problems) > 1 else ""
        raise BackupError(f"{path} is damaged: {problems[0]}{more}")
    return connection


def _starts_as_sqlite(path: Path) -> bool:
    """Whether the file begins with SQLite's header, however damaged the rest."""
    with path.open("rb") as file:
        return file.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER


_SQLITE_HEADER = b"SQLite format 3\x00"


def _folder_must_exist(path: Path) -> None:
    """The file goes into an existing folder: a typo in a path should not scatter copies."""
    problem = missing_folder(path)
    if problem:
        raise BackupError(problem)


def _copy(
    reader: sqlite3.Connection,
    target: Path,
    named: Path | None = None,
    on_pages: PageProgress | None = None,
) -> None:
    """All pages of ``reader`` into ``target``, one snapshot copied in steps that
    ``on_pages`` is told of; a failure names the file the person asked for (``named``),
    not a temporary one. ``target`` is made readable by its owner only first (SQLite
    gives its journal the same mode)."""

    def report(status: int, remaining: int, total: int) -> None:
        if on_pages:
            on_pages(total - remaining, total)

    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT, PRIVATE))
        os.chmod(target, PRIVATE)  # an empty database restored into kept its own mode
        with _one_snapshot(reader), sqlite3.connect(target) as copy:
            reader.backup(copy, pages=STEP_PAGES, progress=report)
        copy.close()
    except (OSError, sqlite3.DatabaseError) as error:
        raise BackupError(f"Could not write {named or target} ({error}).") from error


@contextmanager
def _one_snapshot(reader: sqlite3.Connection) -> Iterator[None]:
    """Hold one read transaction on ``reader`` while it is copied: every step then reads
    the database as it was when the copy began. Without it SQLite starts the copy over
    whenever another connection writes between two steps, forever on a busy server."""
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
    try:
        yield
    finally:
        reader.rollback()  # it only read


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }


def _stamps(connection: sqlite3.Connection) -> list[str]:
    """The database's Alembic revisions (none when it was never migrated)."""
    if "alembic_version" not in _tables(connection):
        return []
    found = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    return sorted(number for (number,) in found)


def _summary(connection: sqlite3.Connection, path: Path) -> Copied:
    """How many rows of data the database holds, and its migration (schema) version."""
    rows = sum(
        connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in _tables(connection)
        if name not in SCHEMA_TABLES
    )
    return Copied(path, rows, ",".join(_stamps(connection)) or None)


def _must_be_quizapps(
    connection: sqlite3.Connection, path: Path, revisions: frozenset[str]
) -> None:
    """Refuse another app's database: Alembic stamps those too, and the app would start on
    one and fail every log-in. A revision this code does not know (another app's, or a
    newer quizapp release's) cannot be upgraded either."""
    stamps = _stamps(connection)
    if not stamps:
        raise BackupError(f"{path} is not a quizapp database (no schema version).")
    unknown = [stamp for stamp in stamps if stamp not in revisions]
    if unknown:
        raise BackupError(
            f"{path} is not a quizapp database (schema version {', '.join(unknown)} is not "
            "one of this code's migrations; a backup from a newer quizapp release needs "
            "that release's code)."
        )
    missing = missing_core_tables(_tables(connection))
    if missing:
        raise BackupError(
            f"{path} is not a quizapp database (it lacks quizapp's tables: {', '.join(missing)})."
        )


def backup_sqlite(source: Path, target: Path, on_pages: PageProgress | None = None) -> Copied:
    """Copy ``source`` to the new file ``target`` with the online backup API, consistently,
    while other connections keep reading and writing ``source``; ``on_pages`` follows the
    copy."""
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name.")
    _folder_must_exist(target)
    partial = target.with_name(target.name + ".partial")
    reader = _open_existing(source)
    try:
        _copy(reader, partial, named=target, on_pages=on_pages)
        with sqlite3.connect(partial) as copy:
            copied = _summary(copy, target)
        copy.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        reader.close()
    os.replace(partial, target)  # the backup appears whole or not at all
    return copied


def restore_sqlite(
    backup: Path, target: Path, revisions: frozenset[str], on_pages: PageProgress | None = None
) -> Copied:
    """Copy the backup, a quizapp database at one of ``revisions`` (this code's
    migrations), into ``target``, which must hold no data (a fresh file, or a migrated
    database with no rows); refuse otherwise and change nothing. ``on_pages`` follows
    the copy."""
    reader = _open_existing(backup)
    try:
        _must_be_quizapps(reader, backup, revisions)
        restored = _summary(reader, backup)
        _folder_must_exist(target)
        held = _rows_held(target)
        if held:
            raise BackupError(
                f"The database {target} is not empty ({held} rows). Restore only into "
                "an empty database: stop the app and move that file away first."
            )
        _copy(reader, target, on_pages=on_pages)
    finally:
        reader.close()
    return Copied(target, restored.rows, restored.schema_version)


def _rows_held(target: Path) -> int:
    """Rows of data already in ``target`` (0 for no file or an empty one); a file that
    is not a database is refused, never overwritten."""
    if not target.exists():
        return 0
    existing = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        return _summary(existing, target).rows
    except sqlite3.DatabaseError as error:
        raise BackupError(
            f"{target} is not a SQLite database ({error}); move it away before restoring."
        ) from error
    finally:
        existing.close()


def postgres_instructions(url: URL, path: str, restoring: bool) -> str:
    """How to do the same with PostgreSQL's own tools, for the configured database."""
    plain = url.set(drivername="postgresql").render_as_string(hide_password=True)
    if restoring:
        return (
            "This database is PostgreSQL: restore a pg_dump backup with pg_restore into an "
            "empty database, then run `flask db upgrade`:\n"
            f"  pg_restore --no-owner --exit-on-error --dbname '{plain}' {path}\n"
            "(put the real password in PGPASSWORD or ~/.pgpass; *** hides it here)."
        )
    return (
        "This database is PostgreSQL: back it up with pg_dump, which takes a consistent "
        "snapshot while the app serves:\n"
        f"  pg_dump --format=custom --file={path} '{plain}'\n"
        "(put the real password in PGPASSWORD or ~/.pgpass; *** hides it here)."
    )
