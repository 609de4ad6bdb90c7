"""PostgreSQL's CPU per statement of the answer loop, read from the server's side.

The served benchmark reads the whole PostgreSQL server's CPU from ``/proc``; this splits
the in-process loop's share by statement: around each statement the app's connection
runs, the CPU of the backend process serving that connection is read from
``/proc/<pid>/stat`` (ticks of 10 ms, so one reading says little, but their sum over a
few hundred answers is the backend's time by statement). What the backend does between
two statements (the driver's BEGIN and COMMIT, the log's flush) is charged to
``BETWEEN``. Needs no extension (``pg_stat_statements`` needs a restart to load).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .servers import process_cpu_seconds


def statement_name(statement: str) -> str:
    """A short name for a statement: its verb and first table or column."""
    words = statement.split()
    if not words:
        return "?"
    verb = words[0].upper()
    # INSERT INTO t, DELETE FROM t; UPDATE t; SELECT its first column
    at = 2 if verb in ("INSERT", "DELETE") else 1
    target = words[at].rstrip(",") if len(words) > at else ""
    return f"{verb} {target}".strip()


BETWEEN = "BEGIN, COMMIT (between statements)"


@contextmanager
def backend_cpu_by_statement(engine: Engine) -> Iterator[dict[str, float]]:
    """CPU seconds of the PostgreSQL backends serving ``engine`` by statement name (and
    ``BETWEEN``) while inside."""
    totals: dict[str, float] = defaultdict(float)
    last: dict[int, float] = {}  # backend pid: its CPU at the last reading
    current: dict[str, str] = {}

    def charge(connection: Any, name: str) -> None:
        pid = int(connection.connection.dbapi_connection.info.backend_pid)
        now = process_cpu_seconds(pid)
        if pid in last:
            totals[name] += now - last[pid]
        last[pid] = now

    def before(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        charge(connection, BETWEEN)
        current["name"] = statement_name(statement)

    def after(connection: Any, *_args: Any) -> None:
        charge(connection, current["name"])

    listeners: list[tuple[str, Callable[..., None]]] = [
        ("before_cursor_execute", before),
        ("after_cursor_execute", after),
    ]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        yield totals
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)
        for pid, reading in last.items():
            totals[BETWEEN] += process_cpu_seconds(pid) - reading
