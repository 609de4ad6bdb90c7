"""What capability code raises when a user asks for something they may not have.

Rules such as "a teacher sees only their own classes" live in plain functions that know
nothing of HTTP; they raise these, and ``errors.register`` turns them into the 404 or
403 page once for every blueprint (JSON when the client asked for JSON).
"""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select

from .extensions import db

Row = TypeVar("Row")


class NotFound(LookupError):
    """Nothing there for this user: missing, or someone else's (answered 404, so ids and
    slugs cannot be probed). Its message, if any, replaces the 404 page's: one that reads
    the same whether the thing is missing or someone else's."""


class Forbidden(PermissionError):
    """The thing exists and the user may know it, but their account may not do this
    (answered 403)."""


def first_or_not_found(query: Select[Row], message: str = "") -> Row:
    """The query's first row, or ``NotFound`` (saying ``message``) when it has none."""
    found = db.session.scalars(query).first()
    if found is None:
        raise NotFound(message)
    return found
