"""Command-line failures an operator can act on, said in one line instead of a traceback.

Every ``flask`` command of ours reads the database; on one never migrated (a new file, or
a typo in ``DATABASE_URL``'s file name, which SQLite creates empty) each would print
SQLAlchemy's eighty-line traceback, with the failed statement's parameters in it (a
password hash, once). ``OperatorGroup`` says what to do instead, as ``/healthz`` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import DBAPIError

from .auth.accounts import find_user_by_email, normalise_email
from .models import User

NO_TABLES = (
    "The database has no quizapp tables (a new database, or DATABASE_URL names another "
    "one): run `flask --app wsgi db upgrade` first."
)
_UNDEFINED_TABLE = "42P01"  # PostgreSQL's SQLSTATE for "relation does not exist"


def missing_table(error: DBAPIError) -> bool:
    """Whether ``error`` says a table does not exist (SQLite or PostgreSQL)."""
    if getattr(error.orig, "sqlstate", None) == _UNDEFINED_TABLE:
        return True
    return "no such table" in str(error.orig)


class OperatorGroup(click.Group):
    """A command group whose commands explain a database without our tables."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DBAPIError as error:
            if missing_table(error):
                raise click.ClickException(NO_TABLES) from None
            raise


def missing_folder(output: Path) -> str | None:
    """Why ``output`` cannot be written, when its folder does not exist: a typo in a path
    should neither scatter files nor fail with a traceback after the work was done."""
    if output.parent.is_dir():
        return None
    return f"The folder {output.parent} does not exist; create it or choose another."


def check_output_folder(output: Path) -> None:
    """Refuse, before any work, a file to write in a folder that does not exist."""
    problem = missing_folder(output)
    if problem:
        raise click.ClickException(problem)


def existing_account(email: str) -> User:
    """The account with this email, or a one-line refusal: a typo in ``--email`` would
    otherwise act on nobody and report success."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email {normalise_email(email)}.")
    return user
