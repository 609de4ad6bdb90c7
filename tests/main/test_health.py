"""``/healthz`` sends a load balancer's traffic only to a server whose database has the
schema its code needs: a database that answers but was never migrated, or is behind the
release just deployed, would answer every log-in with a 500."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import text

from quizapp import create_app
from quizapp.extensions import db
from tests.support.databases import TEST_SETTINGS, running


@contextmanager
def stamped(version: str) -> Iterator[None]:
    """The database claims another migration for the test's length, then its own again."""
    (own,) = db.session.scalars(text("SELECT version_num FROM alembic_version")).all()
    db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": version})
    db.session.commit()
    try:
        yield
    finally:
        db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": own})
        db.session.commit()


def test_a_database_never_migrated_is_not_sent_traffic(tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / "x").close()  # an empty database
    empty = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x'}"})
    with running(empty):
        response = empty.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "database": "ok",
        "schema": "missing",
        "fix": "flask db upgrade",
    }


def test_a_database_behind_the_code_is_not_sent_traffic(app: Flask, client) -> None:
    with stamped("0007_lti"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["schema"] == "behind"
    assert client.get("/healthz").status_code == 200


def test_a_database_migrated_by_a_newer_release_keeps_this_server_serving(
    app: Flask, client
) -> None:
    """During a deploy the hosts still on the old code keep serving."""
    with stamped("0099_from_the_future"):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["schema"] == "newer"


def test_a_database_without_the_apps_tables_is_not_sent_traffic(tmp_path: Path) -> None:
    """Another app's database (restored by mistake) answers and is stamped, by its own
    Alembic or even with our newest version, but every log-in would fail there."""
    foreign = create_app(
        {**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'other'}"}
    )
    with running(foreign):
        db.session.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32))"))
        db.session.execute(text("CREATE TABLE posts (id INTEGER PRIMARY KEY)"))
        for version in ("ae1027a6acf", "0011_due_covering"):
            db.session.execute(text("DELETE FROM alembic_version"))
            db.session.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": version})
            db.session.commit()
            response = foreign.test_client().get("/healthz")
            assert response.status_code == 503, version
            assert response.get_json()["schema"] == "foreign"
            assert "fix" in response.get_json()


def test_a_sqlite_database_file_that_does_not_exist_is_reported_and_not_created(
    tmp_path: Path,
) -> None:
    """A typo in DATABASE_URL: the check says so and leaves the folder as it was, rather
    than creating an empty database that every later check would call "never migrated"."""
    missing = tmp_path / "no-such.sqlite3"
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"})
    with running(app):
        responses = [app.test_client().get("/healthz") for _ in range(2)]
    for response in responses:
        assert response.status_code == 503
        assert response.get_json() == {
            "status": "unavailable",
            "database": "missing",
            "fix": "the SQLite database file does not exist: check DATABASE_URL, "
            "or run flask db upgrade to create it",
        }
    assert list(tmp_path.iterdir()) == []
