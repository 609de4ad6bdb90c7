"""``flask db backup`` copies the SQLite database consistently while others write, and
``flask db restore`` brings it back into an empty database only; PostgreSQL gets the
pg_dump / pg_restore commands."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import insert, text

from quizapp import backup, create_app
from quizapp.extensions import db
from quizapp.models import Bank, Fact
from tests.support.databases import TEST_SETTINGS, SqliteTemplate, running
from tests.support.factories import make_fact, make_user
from tests.support.study_fixtures import make_study_bank
from tests.support.terminal import flask_at_a_terminal


@pytest.fixture
def flask_cli(app: Flask) -> Callable[..., Result]:
    """Run ``flask ARGS`` against the test's app, or against a second app on
    ``database_url`` (a restore target)."""

    def run(*args: str, database_url: str | None = None) -> Result:
        if database_url is None:
            return app.test_cli_runner().invoke(args=list(args))
        other = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
        with running(other):
            return other.test_cli_runner().invoke(args=list(args))

    return run


@pytest.fixture
def sqlite_only(is_postgres: bool) -> None:
    if is_postgres:
        pytest.skip("SQLite's backup API; PostgreSQL is covered by the pg_dump explanation")


def backed_up(flask_cli: Callable[..., Result], folder: Path) -> Path:
    """A backup of the test's database, taken with ``flask db backup`` into ``folder``."""
    backup = folder / "backup.sqlite3"
    assert flask_cli("db", "backup", str(backup)).exit_code == 0
    return backup


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _file(database_url: str) -> Path:
    return Path(database_url.removeprefix("sqlite:///"))


def test_backup_copies_every_row(app, flask_cli, database_url, sqlite_only, tmp_path):
    make_study_bank(facts=3)
    make_user(email="kim@example.org")
    target = tmp_path / "copy.sqlite3"
    result = flask_cli("db", "backup", str(target))
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output and "schema version" in result.output
    assert _count(target, "facts") == 3 and _count(target, "users") == 1
    assert _count(target, "questions") == _count(_file(database_url), "questions")


def test_backup_and_restore_show_their_progress_before_their_summary(
    app, flask_cli, sqlite_only, tmp_path
):
    """A large database takes a while: the copy's progress bar (here, off a terminal,
    its label on a line of its own) comes first, the summary after it."""
    make_study_bank(facts=3)
    backup = tmp_path / "copy.sqlite3"
    result = flask_cli("db", "backup", str(backup))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Backing up the database"
    assert result.output.splitlines()[-1].startswith("Backed up ")
    restored = flask_cli("db", "restore", str(backup), database_url=_fresh_target(tmp_path))
    assert restored.exit_code == 0, restored.output
    assert restored.output.splitlines()[0] == f"Restoring {backup.name}"
    assert restored.output.splitlines()[-1].startswith("Restored ")


def test_at_a_terminal_the_backups_progress_bar_runs_to_the_end(
    app, database_url, sqlite_only, tmp_path
):
    make_study_bank(facts=3)
    backup = tmp_path / "copy.sqlite3"
    shown = flask_at_a_terminal(database_url, "db", "backup", str(backup)).split("\n")
    (bar,) = [line for line in shown if "Backing up the database" in line]
    assert "100%" in bar
    assert shown[shown.index(bar) + 1].startswith("Backed up ")
    restored = flask_at_a_terminal(_fresh_target(tmp_path), "db", "restore", str(backup))
    assert "100%" in restored and "Restored " in restored


def test_backup_refuses_to_overwrite_a_file(app, flask_cli, sqlite_only, tmp_path):
    target = tmp_path / "copy.sqlite3"
    target.write_text("precious")
    result = flask_cli("db", "backup", str(target))
    assert result.exit_code != 0 and "already exists" in result.output
    assert target.read_text() == "precious"


def test_a_backup_taken_while_another_thread_writes_is_consistent(
    app, flask_cli, sqlite_only, tmp_path
):
    """Each write adds a bank and its fact in one transaction: a consistent copy holds
    both or neither of every pair, and passes SQLite's integrity check."""
    stop, written = threading.Event(), []

    def writer() -> None:
        with app.app_context():
            number = 0
            while not stop.is_set() or number < 20:
                number += 1
                with db.engine.begin() as connection:
                    bank_id = connection.execute(
                        insert(Bank).values(slug=f"w-{number}", title="W").returning(Bank.id)
                    ).scalar_one()
                    connection.execute(
                        insert(Fact).values(bank_id=bank_id, key="k", statement="S", position=1)
                    )
                written.append(number)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 10:
            threading.Event().wait(0.01)
        result = flask_cli("db", "backup", str(tmp_path / "hot.sqlite3"))
        copied_while = len(written)
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "hot.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        banks = copy.execute("SELECT count(*) FROM banks").fetchone()[0]
        facts = copy.execute("SELECT count(*) FROM facts").fetchone()[0]
    assert banks == facts
    assert 10 <= banks <= copied_while + 1 and banks < len(written)


def test_a_copy_in_steps_keeps_to_its_snapshot_when_someone_writes_between_steps(
    app, database_url, sqlite_only, tmp_path, monkeypatch
):
    """Progress is reported step by step; a write between two steps neither restarts
    the copy (on a busy server it would never finish) nor gets half into it."""
    monkeypatch.setattr(backup, "STEP_PAGES", 1)
    make_study_bank(facts=3)
    reports: list[tuple[int, int]] = []

    def write_after_the_first_step(done: int, total: int) -> None:
        reports.append((done, total))
        if len(reports) == 1:
            with db.engine.begin() as connection:
                connection.execute(insert(Bank).values(slug="meanwhile", title="Meanwhile"))

    target = tmp_path / "copy.sqlite3"
    copied = backup.backup_sqlite(_file(database_url), target, write_after_the_first_step)
    done = [pages for pages, _ in reports]
    assert len(reports) > 2 and done == sorted(set(done))  # never started over
    assert {total for _, total in reports} == {done[-1]}
    assert _count(target, "banks") == 1 == _count(_file(database_url), "banks") - 1
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copied.rows == backup.backup_sqlite(_file(database_url), tmp_path / "b").rows - 1


def test_restore_brings_a_backup_back_into_an_empty_database(
    app, flask_cli, database_url, sqlite_only, tmp_path
):
    make_study_bank(facts=2)
    backup = backed_up(flask_cli, tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    fresh = SqliteTemplate(empty).fresh_copy()  # migrated, no rows
    result = flask_cli("db", "restore", str(backup), database_url=fresh)
    assert result.exit_code == 0, result.output
    assert "Restored" in result.output
    assert _count(_file(fresh), "facts") == 2
    assert _count(_file(fresh), "questions") == _count(_file(database_url), "questions")


def test_restore_into_a_database_with_data_is_refused_and_changes_nothing(
    app, flask_cli, database_url, sqlite_only, tmp_path
):
    bank = make_study_bank(facts=1)
    backup = backed_up(flask_cli, tmp_path)
    make_fact(bank, key="after-the-backup")
    result = flask_cli("db", "restore", str(backup))
    assert result.exit_code != 0
    assert "is not empty" in result.output and "move that file away" in result.output
    assert _count(_file(database_url), "facts") == 2  # the fact added after the backup stays


def test_restore_refuses_a_file_that_is_not_a_backup(app, flask_cli, sqlite_only, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    shutil.copyfile(Path(__file__), junk)
    result = flask_cli("db", "restore", str(junk))
    assert result.exit_code != 0 and "not a SQLite database" in result.output


def test_a_backup_cut_short_is_called_damaged_not_something_else(
    app, flask_cli, sqlite_only, tmp_path
):
    make_study_bank(facts=30)
    backup = backed_up(flask_cli, tmp_path)
    cut = tmp_path / "cut.sqlite3"
    data = backup.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    result = flask_cli("db", "restore", str(cut))
    assert result.exit_code != 0
    assert "is a damaged SQLite database" in result.output or "is damaged:" in result.output
    assert "not a SQLite database" not in result.output
    assert len(result.output.splitlines()) <= 2  # one problem named, not fifty


def test_an_in_memory_database_is_not_taken_for_postgresql(app, flask_cli, tmp_path):
    result = flask_cli("db", "backup", str(tmp_path / "b.sqlite3"), database_url="sqlite://")
    assert result.exit_code != 0
    assert "in memory" in result.output and "pg_dump" not in result.output


def test_on_postgresql_the_commands_explain_pg_dump_and_pg_restore(app, flask_cli, is_postgres):
    if not is_postgres:
        pytest.skip("the SQLite commands are tested above")
    backup = flask_cli("db", "backup", "school.dump")
    assert backup.exit_code != 0
    assert "pg_dump --format=custom --file=school.dump 'postgresql://" in backup.output
    restore = flask_cli("db", "restore", "school.dump")
    assert "pg_restore" in restore.output and "flask db upgrade" in restore.output


def test_backup_into_a_missing_folder_says_so_and_writes_nothing(
    app, flask_cli, sqlite_only, tmp_path
):
    target = tmp_path / "no-such-folder" / "copy.sqlite3"
    result = flask_cli("db", "backup", str(target))
    assert result.exit_code == 1, result.output
    assert f"The folder {target.parent} does not exist" in result.output
    assert not (tmp_path / "no-such-folder").exists()


def test_restore_over_a_file_that_is_not_a_database_says_so_and_keeps_it(
    app, flask_cli, sqlite_only, tmp_path
):
    make_study_bank(facts=1)
    backup = backed_up(flask_cli, tmp_path)
    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    result = flask_cli("db", "restore", str(backup), database_url=f"sqlite:///{notes}")
    assert result.exit_code == 1, result.output
    assert f"{notes} is not a SQLite database" in result.output
    assert notes.read_text() == "not a database"


def test_restore_into_a_missing_folder_says_so(app, flask_cli, sqlite_only, tmp_path):
    make_study_bank(facts=1)
    backup = backed_up(flask_cli, tmp_path)
    target = tmp_path / "gone" / "quizapp.sqlite3"
    result = flask_cli("db", "restore", str(backup), database_url=f"sqlite:///{target}")
    assert result.exit_code == 1, result.output
    assert f"The folder {target.parent} does not exist" in result.output


def _foreign_database(path: Path, version: str) -> Path:
    """Another app's SQLite file, stamped by its own (or our) Alembic."""
    with sqlite3.connect(path) as other:
        other.executescript(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY);"
            f"INSERT INTO alembic_version VALUES ('{version}');"
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT);"
            "INSERT INTO posts (body) VALUES ('hi');"
        )
    other.close()
    return path


def _fresh_target(tmp_path: Path) -> str:
    empty = tmp_path / "empty"
    empty.mkdir()
    return SqliteTemplate(empty).fresh_copy()  # migrated, no rows


def test_restore_refuses_another_apps_database_and_changes_nothing(
    app, flask_cli, sqlite_only, tmp_path
):
    other = _foreign_database(tmp_path / "other.sqlite3", "ae1027a6acf")
    fresh = _fresh_target(tmp_path)
    before = _file(fresh).read_bytes()
    result = flask_cli("db", "restore", str(other), database_url=fresh)
    assert result.exit_code == 1, result.output
    assert f"{other} is not a quizapp database" in result.output
    assert "schema version ae1027a6acf is not one of this code's migrations" in result.output
    assert _file(fresh).read_bytes() == before


def test_restore_refuses_a_database_stamped_with_our_version_but_without_our_tables(
    app, flask_cli, sqlite_only, tmp_path
):
    (head,) = db.session.scalars(text("SELECT version_num FROM alembic_version")).all()
    other = _foreign_database(tmp_path / "other.sqlite3", head)
    fresh = _fresh_target(tmp_path)
    before = _file(fresh).read_bytes()
    result = flask_cli("db", "restore", str(other), database_url=fresh)
    assert result.exit_code == 1, result.output
    assert f"{other} is not a quizapp database (it lacks quizapp's tables: users" in result.output
    assert _file(fresh).read_bytes() == before


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_backup_and_a_restored_database_are_readable_by_their_owner_only(
    app, flask_cli, sqlite_only, tmp_path
):
    """They hold every email and password hash: the umask's 0644 would let any account on
    the machine read them."""
    make_user(email="kim@example.org")
    backup = backed_up(flask_cli, tmp_path)
    assert _mode(backup) == 0o600
    new = tmp_path / "new.sqlite3"
    fresh = _fresh_target(tmp_path)
    _file(fresh).chmod(0o644)
    for target in (new, _file(fresh)):
        result = flask_cli("db", "restore", str(backup), database_url=f"sqlite:///{target}")
        assert result.exit_code == 0, result.output
        assert _mode(target) == 0o600 and _count(target, "users") == 1


def test_the_database_a_first_upgrade_creates_is_readable_by_its_owner_only(sqlite_only, tmp_path):
    """``make run`` on a fresh clone: the live database holds what a backup holds, so it
    is as private as one, and so are its WAL files (SQLite gives them its mode)."""
    database = tmp_path / "quizapp.sqlite3"
    fresh = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with running(fresh):
        result = fresh.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        make_user(email="kim@example.org")
        files = sorted(tmp_path.glob("quizapp.sqlite3*"))
        assert database in files
        assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}
