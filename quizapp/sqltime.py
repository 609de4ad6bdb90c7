"""Time arithmetic inside SQL, the same on SQLite and PostgreSQL.

Timestamps are stored as UTC (``UTCDateTime``): SQLite keeps them as ISO text, which
``julianday`` reads; PostgreSQL as ``timestamptz``. ``epoch_days`` turns either into
days since 1970 as a float, so a query can compute elapsed time per row and sort by it
instead of loading every row into Python.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from .timeutil import as_utc

_UNIX_EPOCH_JULIAN_DAY = 2440587.5
_SECONDS_PER_DAY = 86400.0


class epoch_days(FunctionElement[float]):
    """Days since 1970-01-01 UTC of a timestamp column, as a float."""

    type = Float()
    name = "epoch_days"
    inherit_cache = True


@compiles(epoch_days, "sqlite")
def _epoch_days_sqlite(element: epoch_days, compiler: Any, **kw: Any) -> str:
    return f"(julianday({compiler.process(element.clauses, **kw)}) - {_UNIX_EPOCH_JULIAN_DAY})"


@compiles(epoch_days)
def _epoch_days_default(element: epoch_days, compiler: Any, **kw: Any) -> str:
    return (
        f"(CAST(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) AS DOUBLE PRECISION)"
        f" / {_SECONDS_PER_DAY})"
    )


def as_epoch_days(moment: datetime) -> float:
    """The Python side of ``epoch_days``: an instant as days since 1970 UTC."""
    return as_utc(moment).timestamp() / _SECONDS_PER_DAY
