"""Rate-limit counters in a SQLite file, shared by every worker process of one machine.

Flask-Limiter's ``memory://`` storage counts inside each process, so ``gunicorn -w 2``
allowed twice the log-in attempts a minute. This storage (scheme ``sqlitefile://``,
the default, in ``instance/ratelimits.sqlite3``) keeps the counters in one small SQLite
file whatever the app's database is, so all workers of a machine count together with
nothing to install. Several hosts share counters through Redis
(``RATELIMIT_STORAGE_URI=redis://...``) instead.

Only routes with a limit (log-in, sign-up, joining a class) touch it: the file is opened
on their first request, never by the answer loop.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from limits.storage import Storage

from .private_files import create_private_file, make_private_folder

SCHEME = "sqlitefile"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    expires_at REAL NOT NULL
)
"""


def default_storage_uri(instance_path: Path) -> str:
    return f"{SCHEME}://{instance_path / 'ratelimits.sqlite3'}"


class SqliteFileStorage(Storage):
    """A ``limits`` storage for the fixed-window strategy (Flask-Limiter's default).

    Each thread of each process has its own connection; every change is one
    ``BEGIN IMMEDIATE`` transaction, so two workers incrementing at once queue on
    SQLite's lock and neither count is lost."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.split("://", 1)[1]
        if not self.path:
            raise ValueError(f"{SCHEME}:// needs a file path, e.g. {SCHEME}:///var/lib/app/rl.db")
        self._local = threading.local()

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    @property
    def storage(self) -> str:
        """What the counters live in, the file: ``flask limiter config`` shows it, reading
        ``storage`` as ``limits``' own storages have it (their client, or their dict)."""
        return self.path

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use (and again in a forked child)."""
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            path = Path(self.path)
            make_private_folder(path.parent)
            create_private_file(path)  # it holds client addresses and the accounts tried
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(_SCHEMA)
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        connection = self._connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount``; a key whose window ended starts a new window of ``expiry`` s."""
        now = time.time()
        with self._transaction() as connection:
            connection.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
            (count,) = connection.execute(
                "INSERT INTO counters (key, count, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET count = count + excluded.count "
                "RETURNING count",
                (key, amount, now + expiry),
            ).fetchone()
        return int(count)

    def _live(self, column: str, key: str) -> Any:
        row = (
            self._connection()
            .execute(
                f"SELECT {column} FROM counters WHERE key = ? AND expires_at > ?",
                (key, time.time()),
            )
            .fetchone()
        )
        return row[0] if row else None

    def get(self, key: str) -> int:
        return int(self._live("count", key) or 0)

    def get_expiry(self, key: str) -> float:
        expires_at = self._live("expires_at", key)
        return float(expires_at) if expires_at is not None else time.time()

    def check(self) -> bool:
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        with self._transaction() as connection:
            return connection.execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM counters WHERE key = ?", (key,))
