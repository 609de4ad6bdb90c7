"""Shared set-up for the progress tests: a pinned "now" and a small class with history."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event

from quizapp.extensions import db

# A Wednesday; every test pins time to this instant so the right numbers are known.
NOW = datetime(2024, 7, 17, 12, 0, tzinfo=UTC)


def at(day: int, hour: int = 12, minute: int = 0, month: int = 7) -> datetime:
    """An instant in July 2024, UTC."""
    return datetime(2024, month, day, hour, minute, tzinfo=UTC)


@contextmanager
def counting_statements() -> Any:
    """Count the SQL statements the database receives inside the block."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statement_count(action: Callable[[], Any]) -> int:
    db.session.rollback()
    with counting_statements() as statements:
        action()
    return len(statements)
