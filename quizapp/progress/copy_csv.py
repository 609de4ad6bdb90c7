"""The answers export on PostgreSQL, written by the server's own ``COPY ... TO STDOUT``.

Formatting a million rows in Python is the slow part of an export, so on PostgreSQL the
query formats each cell exactly as ``export.cell`` does (formula guard, ``true``/
``false``, ISO UTC times, empty for none) and ``COPY`` writes the CSV. Python only
turns each row's LF into the CRLF that RFC 4180 asks for and groups rows into chunks;
memory stays flat because ``COPY`` streams row by row.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, String, case, cast, func, literal
from sqlalchemy.engine import Connection

from ..csv_safety import FORMULA_STARTS

if TYPE_CHECKING:
    import psycopg

ROWS_PER_CHUNK = 1000


def text_cell(value: Any) -> ColumnElement[str]:
    """A text cell as a spreadsheet should see it: ``'`` before a formula-like start,
    and NULL (an unquoted empty field) for an empty string, as Python's csv writes it."""
    text = cast(value, String)
    return case(
        (func.substr(text, 1, 1).in_(FORMULA_STARTS), literal("'") + text),
        else_=func.nullif(text, ""),
    )


def boolean_cell(value: Any) -> ColumnElement[str]:
    return case((value.is_(True), "true"), (value.is_(False), "false"))


def time_cell(value: Any) -> ColumnElement[str]:
    """``2024-07-14T09:30:00Z``: UTC, whole seconds."""
    return func.to_char(func.timezone("UTC", value), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')


def copy_csv(
    connection: Connection, query: Select[*tuple[Any, ...]]
) -> Iterator[tuple[bytes, int]]:
    """The query's rows as CSV with CRLF line ends, in chunks of ``ROWS_PER_CHUNK`` rows:
    ``(bytes, rows in the chunk)``."""
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    statement = f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv)"
    raw = connection.connection.dbapi_connection
    assert raw is not None
    # Only PostgreSQL exports come here, so the driver connection is psycopg's.
    driver = typing.cast("psycopg.Connection[Any]", raw)
    with driver.cursor() as cursor, cursor.copy(statement, compiled.params) as copy:
        batch: list[bytes] = []
        for data in copy:
            batch.append(bytes(data)[:-1])  # each message is one row ending in "\n"
            if len(batch) >= ROWS_PER_CHUNK:
                yield b"\r\n".join(batch) + b"\r\n", len(batch)
                batch.clear()
        if batch:
            yield b"\r\n".join(batch) + b"\r\n", len(batch)
