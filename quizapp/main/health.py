"""What ``/healthz`` reports: the database answers, and its schema is the one this code
was written for.

A database that answers but was never migrated (``flask db upgrade`` not run, or run
against another database), or is behind a release just deployed, fails every log-in
and page with a 500 while a bare ``SELECT 1`` still passes; a load balancer must not
send it learners. A schema *newer* than this code (a host still on the previous release
while another has migrated) keeps serving: taking every old host out would stop the
school mid-deploy.
"""

from __future__ import annotations

from enum import StrEnum

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

_KNOWN = "quizapp.schema_revisions"


class Schema(StrEnum):
    CURRENT = "current"  # at this code's newest migration
    NEWER = "newer"  # migrated by a newer release of the code
    BEHIND = "behind"  # older than this code: run flask db upgrade
    MISSING = "missing"  # never migrated

    @property
    def serves(self) -> bool:
        return self in (Schema.CURRENT, Schema.NEWER)


def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """This code's migration heads and all its revisions, read once per app."""
    known = current_app.extensions.get(_KNOWN)
    if known is None:
        config = Config()
        config.set_main_option("script_location", current_app.extensions["migrate"].directory)
        script = ScriptDirectory.from_config(config)
        known = (
            frozenset(script.get_heads()),
            frozenset(revision.revision for revision in script.walk_revisions()),
        )
        current_app.extensions[_KNOWN] = known
    return known


def schema_state() -> Schema:
    """Compare the database's ``alembic_version`` with this code's migrations. Raises
    ``SQLAlchemyError`` only when the database does not answer at all."""
    db.session.execute(text("SELECT 1")).scalar_one()
    try:
        stamped = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()  # no such table: PostgreSQL needs the failed transaction ended
        return Schema.MISSING
    heads, revisions = _revisions()
    if not stamped:
        return Schema.MISSING
    if stamped == heads:
        return Schema.CURRENT
    if stamped <= revisions:
        return Schema.BEHIND
    return Schema.NEWER
