"""The pieces behind the browser fixtures: a live server, the browser check, seeded data."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, url_for
from playwright.sync_api import BrowserContext, ConsoleMessage

from quizapp.loader import check_path, load_bank
from quizapp.loader.spec import BankSpec
from tests.support.servers import ThreadedServer

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# A phone-sized touch screen, as Browser.new_context options.
PHONE_CONTEXT = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
ACTION_TIMEOUT_MS = 10_000

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class RecordingErrors:
    """WSGI wrapper that keeps the traceback of every exception a request raised.

    The browser only sees a bare 500; the test should see the traceback.
    """

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self.errors: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        try:
            return self.app(environ, start_response)
        except Exception:
            self.errors.append(traceback.format_exc())
            raise


class LiveServer(ThreadedServer):
    """The app served on a free localhost port from a background thread."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wsgi = RecordingErrors(app)
        super().__init__(self.wsgi)

    def url_for(self, endpoint: str, **values: Any) -> str:
        """The absolute URL of an endpoint on this server, e.g. ``url_for("banks.index")``."""
        with self.app.test_request_context(base_url=self.url):
            return url_for(endpoint, _external=True, **values)


CSP_REFUSAL = "Content Security Policy"


def watch_csp_violations(context: BrowserContext, sink: list[str]) -> None:
    """Collect into ``sink`` every Content-Security-Policy refusal the pages report.

    Chromium logs each blocked inline script, style or handler as a console error; a
    page that needs one of them is broken under our policy even if it looks fine here.
    """

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error" and CSP_REFUSAL in message.text:
            sink.append(f"{message.location.get('url', '')}: {message.text}")

    context.on("console", keep)


def require_chromium(path: str) -> None:
    """Skip when the browser is missing, but fail under CI=true, where skipping would hide it."""
    if Path(path).exists():
        return
    reason = (
        f"Chromium is not installed at {path}: run `make browser` "
        "(apt-get install chromium) or set CHROMIUM_PATH."
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and the browser tests cannot run. {reason}")
    pytest.skip(reason)


@dataclass(frozen=True)
class SeededBank:
    """What a journey needs to know about a bank the test created (plain values, no ORM)."""

    slug: str
    title: str
    facts: list[tuple[str, str]]  # (key, statement) in story order


def load_shipped_banks(app: Flask) -> list[BankSpec]:
    """The banks in ``content/``, loaded as ``make run`` loads them; their specs, the
    shipped bank first."""
    checked = check_path(Path(app.config["CONTENT_DIR"]))
    assert checked.ok, checked.problems
    for spec in checked.banks:
        load_bank(spec)
    return checked.banks
