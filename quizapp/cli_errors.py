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
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

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


def unreachable_database(error: DBAPIError) -> str | None:
    """The driver's reason (its first line), when ``error`` is a failed connection to the
    database rather than a failed statement: SQLAlchemy names no statement then."""
    if not isinstance(error, OperationalError | InterfaceError) or error.statement is not None:
        return None
    lines = str(error.orig).strip().splitlines()
    return lines[0] if lines else type(error.orig).__name__


def cannot_reach(reason: str) -> click.ClickException:
    """The one line for a database that does not answer (the server down, a host or a
    folder in ``DATABASE_URL`` that is not there)."""
    return click.ClickException(
        f"quizapp cannot reach its database ({reason}): start the database server, or "
        "check DATABASE_URL."
    )


def operator_error(error: DBAPIError) -> click.ClickException | None:
    """The one-line explanation of a database error an operator can act on, else None."""
    if missing_table(error):
        return click.ClickException(NO_TABLES)
    reason = unreachable_database(error)
    return cannot_reach(reason) if reason is not None else None


class OperatorGroup(click.Group):
    """A command group whose commands explain, in one line, a database without our
    tables or one that cannot be reached."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DBAPIError as error:
            explained = operator_error(error)
            if explained is not None:
                raise explained from None
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
