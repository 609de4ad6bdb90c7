"""A ``flask`` command run on a database without our tables (never migrated, or a typo in
``DATABASE_URL``) says what to do in one line, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from quizapp import create_app
from tests.support.databases import (
    TEST_SETTINGS,
    postgres_url,
    running,
    throwaway_postgres_database,
)

COMMANDS = [
    ["bank", "list"],
    ["users", "invite"],
    ["lti", "list"],
    ["results", "export", "--class", "ABC123", "--kind", "answers", "-o", "-"],
    ["demo", "seed", "--students", "2", "--days", "3"],
    ["scheduler", "balance"],
]


@contextmanager
def empty_database(tmp_path: Path) -> Iterator[str]:
    server = postgres_url()
    if server is None:
        yield f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}"
    else:
        with throwaway_postgres_database(server) as url:
            yield url


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_a_command_on_a_database_without_our_tables_says_to_migrate(tmp_path, command):
    with empty_database(tmp_path) as url:
        app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": url})
        with running(app):
            result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 1, result.output
    assert "no quizapp tables" in result.output and "db upgrade" in result.output
    assert "Traceback" not in result.output and "scrypt" not in result.output


@pytest.mark.parametrize(
    "command",
    [*COMMANDS, ["content", "load"], ["db", "upgrade"]],
    ids=lambda command: " ".join(command[:2]),
)
def test_a_command_while_the_database_cannot_be_reached_says_so_in_one_line(tmp_path, command):
    """Every command (``make run`` begins with ``db upgrade``) printed SQLAlchemy's whole
    traceback when the database server was down or ``DATABASE_URL`` named a folder that
    does not exist."""
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'quizapp.sqlite3'}"
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": unreachable})
    with running(app):
        result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    *heading, line = result.output.strip().splitlines()  # demo seed names its work first
    assert len(heading) <= 1
    assert line.startswith("Error: quizapp cannot reach its database (")
    assert "check DATABASE_URL" in line
