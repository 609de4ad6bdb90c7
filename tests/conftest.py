"""Fixtures: a real database per test, an app, a CSRF-aware client, and log-in helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from quizapp import create_app
from tests.support.clients import AuthActions, CSRFClient
from tests.support.compiled_once import compile_once
from tests.support.databases import (
    TEST_SETTINGS,
    PostgresEmptier,
    SqliteTemplate,
    migrate_to_head,
    postgres_url,
    running,
    throwaway_postgres_database,
)
from tests.support.paths import CONTENT

compile_once()


def pytest_report_header() -> str:
    return "database: " + ("PostgreSQL (TEST_DATABASE_URL)" if postgres_url() else "SQLite")


SKIP_INDEPENDENT = "--skip-database-independent"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        SKIP_INDEPENDENT,
        action="store_true",
        help="leave out the database_independent tests the PostgreSQL pass runs too (all but "
        "the browser tests): `make test` passes it to the SQLite pass when both passes run",
    )


def uses_test_database(item: pytest.Item) -> bool:
    """Whether the test takes this pass's database (every database fixture stems from
    ``database_source``); one that does not gives the same result on either pass."""
    return "database_source" in getattr(item, "fixturenames", ())


@pytest.hookimpl(tryfirst=True)  # marked before `-m` selects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``database_independent`` every test that never opens the test database, and
    with ``--skip-database-independent`` leave those out that the other pass runs."""
    left_out = []
    for item in items:
        if not uses_test_database(item):
            item.add_marker(pytest.mark.database_independent)
            if config.getoption(SKIP_INDEPENDENT) and not item.get_closest_marker("browser"):
                left_out.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        gone = set(left_out)
        items[:] = [item for item in items if item not in gone]


@pytest.fixture(scope="session")
def database_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    server = postgres_url()
    if server:
        with throwaway_postgres_database(server) as url:
            migrate_to_head(url)
            emptier = PostgresEmptier(url)
            yield emptier
            emptier.close()
    else:
        yield SqliteTemplate(tmp_path_factory.mktemp("db"))


@pytest.fixture
def database_url(database_source: Any) -> str:
    """A clean, migrated database for one test."""
    if isinstance(database_source, SqliteTemplate):
        return database_source.fresh_copy()
    database_source()
    return database_source.url


@pytest.fixture
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = create_app(
        {
            **TEST_SETTINGS,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTENT_DIR": str(CONTENT),
        }
    )
    application.test_client_class = CSRFClient
    with running(application):
        yield application


@pytest.fixture
def client(app: Flask) -> CSRFClient:
    """A fresh browser-like client (not pytest-flask's, which preserves request contexts)."""
    return app.test_client()  # type: ignore[return-value]


@pytest.fixture
def auth(client: CSRFClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def student(app: Flask) -> Any:
    from tests.support.factories import make_user

    return make_user(email="student@example.org", role="student", name="Sam Student")


@pytest.fixture
def teacher(app: Flask) -> Any:
    from tests.support.factories import make_user

    return make_user(email="teacher@example.org", role="teacher", name="Tess Teacher")


@pytest.fixture
def student_client(client: CSRFClient, student: Any) -> CSRFClient:
    """A client logged in as ``student`` (password "correct horse")."""
    AuthActions(client).login(student.email)
    return client


@pytest.fixture
def teacher_client(client: CSRFClient, teacher: Any) -> CSRFClient:
    """A client logged in as ``teacher`` (password "correct horse")."""
    AuthActions(client).login(teacher.email)
    return client
