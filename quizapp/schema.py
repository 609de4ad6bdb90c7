"""Which databases are quizapp's: stamped with one of this code's migrations, and holding
the tables every page needs. ``/healthz`` and ``flask db restore`` both ask, so another
app's database (even one stamped with our newest revision) is neither served nor restored.
"""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app

_KNOWN = "quizapp.schema_revisions"

# Made by the first migration and kept by every later one: without them no log-in works.
CORE_TABLES = ("users", "banks", "facts", "questions")


def known_revisions() -> tuple[frozenset[str], frozenset[str]]:
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


def missing_core_tables(tables: set[str]) -> list[str]:
    """The app's core tables absent from a database holding ``tables``, in order."""
    return [name for name in CORE_TABLES if name not in tables]
