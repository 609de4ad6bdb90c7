"""Counting a table's rows as the database holds them now."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from quizapp.extensions import db


def count_rows(model: Any) -> int:
    """How many rows ``model``'s table holds, read afresh (another request or thread may
    have changed it since this session last looked)."""
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id))) or 0
