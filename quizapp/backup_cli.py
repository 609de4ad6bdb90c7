"""``flask db backup PATH`` and ``flask db restore PATH``, added to Flask-Migrate's ``db`` group."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from .backup import BackupError, backup_sqlite, postgres_instructions, restore_sqlite, sqlite_path
from .cli_progress import drawn_from_first_report
from .extensions import db
from .schema import known_revisions

PATH = click.Path(dir_okay=False, path_type=Path)


def _sqlite_or_explain(path: Path, restoring: bool) -> Path:
    url = db.engine.url
    database = sqlite_path(url)
    if database is None and url.get_backend_name() == "sqlite":
        raise click.ClickException(
            "This database is SQLite in memory: it has no file to back up or restore "
            "into; set DATABASE_URL to the database file."
        )
    if database is None:
        raise click.ClickException(postgres_instructions(url, str(path), restoring))
    return database


@click.command("backup")
@click.argument("path", type=PATH)
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH (a new file), consistently, while the app serves.

    For PostgreSQL it prints the pg_dump command to use instead."""
    database = _sqlite_or_explain(path, restoring=False)
    try:
        with drawn_from_first_report("Backing up the database") as progress:
            copied = backup_sqlite(database, path, progress)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {database} to {copied}.")


@click.command("restore")
@click.argument("path", type=PATH)
@with_appcontext
def restore_command(path: Path) -> None:
    """Restore the backup at PATH into the configured SQLite database, which must be empty.

    PATH must be a quizapp database this release's migrations know. Stop the app first.
    For PostgreSQL it prints the pg_restore command to use instead."""
    database = _sqlite_or_explain(path, restoring=True)
    db.session.remove()
    db.engine.dispose()  # no connection of ours may hold the file while it is replaced
    try:
        with drawn_from_first_report(f"Restoring {path.name}") as progress:
            restored = restore_sqlite(path, database, known_revisions()[1], progress)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {restored}. Run `flask db upgrade` if the app is newer than the backup.")


def add_backup_commands(group: click.Group) -> None:
    group.add_command(backup_command)
    group.add_command(restore_command)
