"""Browser-like test clients: CSRF tokens sent as a page would, and the real log-in forms."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from quizapp.extensions import db

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


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
        confirm: str | None = None,
    ) -> Any:
        """Post the sign-up form; ``confirm`` repeats the password unless given."""
        return self.client.post(
            "/auth/signup",
            data={
                "display_name": name,
                "email": email,
                "password": password,
                "confirm": password if confirm is None else confirm,
                "role": role,
                "invite_code": invite_code,
            },
        )

    def login(self, email: str = "student@example.org", password: str = "correct horse") -> Any:
        return self.client.post("/auth/login", data={"email": email, "password": password})

    def logout(self) -> Any:
        return self.client.post("/auth/logout")


def logged_in_client(app: Flask, email: str, password: str = "correct horse") -> CSRFClient:
    """A new client (its own cookies, as another tab or device) logged in as ``email``
    through the real form."""
    client: CSRFClient = app.test_client()  # type: ignore[assignment]
    AuthActions(client).login(email, password)
    return client
