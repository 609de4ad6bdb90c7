"""Fixtures: a real database per test, an app, a CSRF-aware client, and log-in helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from quizapp import create_app
from quizapp.extensions import db

from .databases import (
    TEST_SETTINGS,
    SqliteTemplate,
    migrate_to_head,
    postgres_url,
    running,
    throwaway_postgres_database,
    truncate_all,
)

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def pytest_report_header() -> str:
    return "database: " + ("PostgreSQL (TEST_DATABASE_URL)" if postgres_url() else "SQLite")


@pytest.fixture(scope="session")
def database_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    server = postgres_url()
    if server:
        with throwaway_postgres_database(server) as url:
            migrate_to_head(url)
            yield url
    else:
        yield SqliteTemplate(tmp_path_factory.mktemp("db"))


@pytest.fixture
def database_url(database_source: Any) -> str:
    """A clean, migrated database for one test."""
    if isinstance(database_source, SqliteTemplate):
        return database_source.fresh_copy()
    truncate_all(database_source)
    return database_source


@pytest.fixture
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


class CSRFClient(FlaskClient):
    """A test client that sends the page's CSRF token with every POST, as a browser does.

    Pass ``csrf=False`` to send a form without it.

    Each request runs in its own application context, as it does behind a real server,
    so ``g`` (the logged-in user, the CSRF token) and the database session never leak
    from the test or from an earlier request. The test's own transaction is ended
    first: data a test wants the app to see must be committed, as in real life.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        db.session.rollback()
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self) -> str:
        page = self.get("/").get_data(as_text=True)
        match = CSRF_META.search(page)
        assert match, "every page carries a csrf-token meta tag"
        return match.group(1)

    def post(self, *args: Any, csrf: bool = True, **kwargs: Any) -> Any:
        data = kwargs.get("data")
        if csrf and (data is None or isinstance(data, dict)) and "json" not in kwargs:
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().post(*args, **kwargs)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    application = create_app(
        {
            **TEST_SETTINGS,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "CONTENT_DIR": str(Path(__file__).parent.parent / "content"),
        }
    )
    application.test_client_class = CSRFClient
    with running(application):
        yield application


@pytest.fixture
def client(app: Flask) -> CSRFClient:
    """A fresh browser-like client (not pytest-flask's, which preserves request contexts)."""
    return app.test_client()  # type: ignore[return-value]


class AuthActions:
    """Sign up, log in and log out through the real forms."""

    def __init__(self, client: CSRFClient) -> None:
        self.client = client

    def signup(
        self,
        email: str = "student@example.org",
        password: str = "correct horse",
        role: str = "student",
        name: str = "Sam Student",
        invite_code: str = "",
    ) -> Any:
        return self.client.post(
            "/auth/signup",
            data={
                "display_name": name,
                "email": email,
                "password": password,
                "confirm": password,
                "role": role,
                "invite_code": invite_code,
            },
        )

    def login(self, email: str = "student@example.org", password: str = "correct horse") -> Any:
        return self.client.post("/auth/login", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client: CSRFClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def student(app: Flask) -> Any:
    from .factories import make_user

    return make_user(email="student@example.org", role="student", name="Sam Student")


@pytest.fixture
def teacher(app: Flask) -> Any:
    from .factories import make_user

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
