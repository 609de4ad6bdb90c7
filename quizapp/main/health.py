"""What ``/healthz`` reports: the database answers, and its schema is the one this code
was written for.

A database that answers but was never migrated (``flask db upgrade`` not run, or run
against another database), or is behind a release just deployed, fails every log-in
and page with a 500 while a bare ``SELECT 1`` still passes; a load balancer must not
send it learners. Nor another app's database, which its own Alembic stamped but which
lacks our tables. A schema *newer* than this code (a host still on the previous release
while another has migrated) keeps serving: taking every old host out would stop the
school mid-deploy.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from ..backup import sqlite_path
from ..extensions import db
from ..schema import known_revisions, missing_core_tables

MISSING_FILE_FIX = (
    "the SQLite database file does not exist: check DATABASE_URL, "
    "or run flask db upgrade to create it"
)


class Schema(StrEnum):
    CURRENT = "current"  # at this code's newest migration
    NEWER = "newer"  # migrated by a newer release of the code
    BEHIND = "behind"  # older than this code: run flask db upgrade
    MISSING = "missing"  # never migrated
    FOREIGN = "foreign"  # stamped, but without the app's tables: another app's database

    @property
    def serves(self) -> bool:
        return self in (Schema.CURRENT, Schema.NEWER)

    @property
    def fix(self) -> str:
        if self is Schema.FOREIGN:
            return "point DATABASE_URL at quizapp's database, or restore a quizapp backup"
        return "flask db upgrade"


def database_file_missing() -> bool:
    """Whether the database is a SQLite file that does not exist. Asked before connecting:
    SQLite (and the app's own ``configure_sqlite``) would create it empty, and a health
    check must change nothing, least of all hide a typo in ``DATABASE_URL`` behind a new
    database that then reads as "never migrated"."""
    path = sqlite_path(db.engine.url)
    # A missing folder cannot be created into: that database is simply down.
    return path is not None and path.parent.is_dir() and not path.exists()


def schema_state() -> Schema:
    """Compare the database's ``alembic_version`` with this code's migrations. Raises
    ``SQLAlchemyError`` only when the database does not answer at all."""
    db.session.execute(text("SELECT 1")).scalar_one()
    try:
        stamped = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()  # no such table: PostgreSQL needs the failed transaction ended
        return Schema.MISSING
    heads, revisions = known_revisions()
    if not stamped:
        return Schema.MISSING
    # A stamp alone proves nothing: another app's Alembic writes one too, and an unknown
    # stamp would otherwise pass as "newer" while every log-in fails.
    if missing_core_tables(set(inspect(db.session.connection()).get_table_names())):
        return Schema.FOREIGN
    if stamped == heads:
        return Schema.CURRENT
    if stamped <= revisions:
        return Schema.BEHIND
    return Schema.NEWER
