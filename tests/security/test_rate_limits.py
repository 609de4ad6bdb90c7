"""Rate limits hold across processes: the log-in limit (10/min) and the join form's
(30/min) are shared by every worker of a machine by default (a SQLite file) and by
several hosts through Redis; only the rate-limited routes touch the counters."""

from __future__ import annotations

import os
import re
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import Result
from flask import Flask
from flask.cli import cli as flask_command

from quizapp import create_app
from quizapp.config import settings_from_env
from quizapp.extensions import limiter
from quizapp.rate_limits import SqliteFileStorage
from tests.support.databases import TEST_SETTINGS, running
from tests.support.factories import make_user
from tests.support.servers import gunicorns

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
REDIS = "redis://127.0.0.1:6379/0"


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        return False
    return True


def storage_uri(kind: str, tmp_path: Path) -> str:
    if kind == "redis":
        if not redis_answers():
            if os.environ.get("CI") == "true":
                pytest.fail("CI=true but no Redis server answers on 127.0.0.1:6379")
            pytest.skip("no Redis server on 127.0.0.1:6379")
        return REDIS
    return f"sqlitefile://{tmp_path / 'ratelimits.sqlite3'}"


def test_the_default_storage_is_a_file_every_worker_of_the_machine_shares(monkeypatch, tmp_path):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    uri = settings_from_env(tmp_path)["RATELIMIT_STORAGE_URI"]
    assert uri == f"sqlitefile://{tmp_path / 'ratelimits.sqlite3'}"


def test_two_storages_on_one_file_count_together_and_windows_end(tmp_path):
    uri = f"sqlitefile://{tmp_path / 'rl.sqlite3'}"
    first, second = SqliteFileStorage(uri), SqliteFileStorage(uri)
    assert first.incr("login/1", 1) == 1
    assert second.incr("login/1", 1) == 2
    assert first.get("login/1") == second.get("login/1") == 2
    assert time.time() < second.get_expiry("login/1") <= time.time() + 1
    time.sleep(1.1)
    assert first.get("login/1") == 0
    assert second.incr("login/1", 60) == 1  # a new window
    second.clear("login/1")
    assert first.get("login/1") == 0 and first.check()


class CountingStorage(SqliteFileStorage):
    """The real file storage, counting how often the app calls it."""

    STORAGE_SCHEME = ["countingsqlitefile"]
    calls = 0

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        CountingStorage.calls += 1
        return super().incr(key, expiry, amount)

    def get(self, key: str) -> int:
        CountingStorage.calls += 1
        return super().get(key)

    def get_expiry(self, key: str) -> float:
        CountingStorage.calls += 1
        return super().get_expiry(key)


def _limited_app(database_url: str, storage_uri: str) -> Flask:
    """The app with rate limits on, counted in ``storage_uri``, its test client sending
    CSRF tokens."""
    from tests.support.clients import CSRFClient

    app = create_app(
        {
            **TEST_SETTINGS,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": storage_uri,
        }
    )
    app.test_client_class = CSRFClient
    return app


def test_only_rate_limited_routes_touch_the_counters(database_url, tmp_path):
    from tests.support.clients import AuthActions
    from tests.support.study_fixtures import make_study_bank

    app = _limited_app(database_url, f"countingsqlitefile://{tmp_path / 'rl.sqlite3'}")
    with running(app):
        assert isinstance(limiter.storage, CountingStorage)
        student = make_user()
        make_study_bank(facts=2)
        client = app.test_client()
        AuthActions(client).login(student.email)  # type: ignore[arg-type]
        assert CountingStorage.calls > 0
        CountingStorage.calls = 0
        page = client.get("/study/").get_data(as_text=True)
        token = re.search(r'name="token"[^>]*value="([^"]+)"', page)
        assert token, "the study page shows an item"
        client.post("/study/answer", data={"token": token.group(1), "choice": "0"})
        for url in ("/", "/progress/", "/quiz/", "/banks/", "/join/"):
            client.get(url)
        assert CountingStorage.calls == 0


def _token(client: httpx.Client, url: str) -> str:
    match = CSRF.search(client.get(url).text)
    assert match
    return match.group(1)


def _statuses(servers, path: str, count: int, data: dict[str, str], cookies=None) -> list[int]:
    """POST ``count`` times, taking turns between the servers (each its own process)."""
    statuses = []
    with httpx.Client(cookies=cookies) as client:
        token = _token(client, servers[0].url + path)
        for number in range(count):
            url = servers[number % len(servers)].url + path
            statuses.append(client.post(url, data={**data, "csrf_token": token}).status_code)
    return statuses


@pytest.fixture
def once(is_postgres: bool) -> None:
    """The counters never live in the app's database: the SQLite pass covers the servers."""
    if is_postgres:
        pytest.skip("rate-limit counters are independent of the app's database")


def _servers(database_url: str, tmp_path: Path, uri: str):
    return gunicorns(
        database_url,
        tmp_path,
        count=2,
        workers=1,
        RATELIMIT_ENABLED="true",
        RATELIMIT_STORAGE_URI=uri,
        RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}",  # parallel runs never collide
    )


@pytest.mark.parametrize("storage", ["sqlitefile", "redis"])
def test_two_server_processes_share_the_log_in_limit(app, once, database_url, tmp_path, storage):
    make_user(email="victim@example.org")
    with _servers(database_url, tmp_path, storage_uri(storage, tmp_path)) as servers:
        data = {"email": "victim@example.org", "password": "wrong guess"}
        statuses = _statuses(servers, "/auth/login", 13, data)
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429] * 3


def test_memory_storage_would_count_per_process(app, once, database_url, tmp_path):
    """Why the default changed: with memory:// two processes allow 10 attempts each."""
    make_user(email="victim@example.org")
    with _servers(database_url, tmp_path, "memory://") as servers:
        data = {"email": "victim@example.org", "password": "wrong guess"}
        statuses = _statuses(servers, "/auth/login", 13, data)
    assert 429 not in statuses


@pytest.mark.parametrize("storage", ["sqlitefile", "redis"])
def test_two_server_processes_share_the_join_limit(app, once, database_url, tmp_path, storage):
    make_user(email="joiner@example.org")
    with _servers(database_url, tmp_path, storage_uri(storage, tmp_path)) as servers:
        with httpx.Client() as client:
            token = _token(client, servers[0].url + "/auth/login")
            credentials = {"email": "joiner@example.org", "password": "correct horse"}
            client.post(servers[0].url + "/auth/login", data={**credentials, "csrf_token": token})
            cookies = client.cookies
        statuses = _statuses(servers, "/join/", 32, {"code": "NOSUCHCODE"}, cookies)
    assert statuses[:30] == [200] * 30
    assert statuses[30:] == [429] * 2


def test_an_operator_sees_the_limits_and_lets_a_locked_out_address_back_in(
    once, database_url, tmp_path
):
    """``flask limiter config|limits|clear``, Flask-Limiter's own commands (they need its
    ``cli`` extra), work on our file storage: a school locked out of the join form (one
    address for the whole school) is let back in at once, not after the minute."""
    from tests.support.clients import AuthActions

    app = _limited_app(database_url, f"sqlitefile://{tmp_path / 'rl.sqlite3'}")
    wide = {"COLUMNS": "400"}  # one line per item, however long the path
    with running(app):
        runner = app.test_cli_runner()

        def flask(*args: str) -> Result:
            """As ``flask --app wsgi ARGS`` runs it, with the commands of Flask extensions."""
            return runner.invoke(flask_command, args=list(args), env=wide)

        config = flask("limiter", "config")
        assert config.exit_code == 0, config.output
        assert (
            "SqliteFileStorage" in config.output and str(tmp_path / "rl.sqlite3") in config.output
        )
        limits = flask("limiter", "limits", "--endpoint", "join.join")
        assert limits.exit_code == 0, limits.output
        assert "30 per 1 minute" in limits.output
        client = app.test_client()
        AuthActions(client).login(make_user().email)  # type: ignore[arg-type]
        statuses = [
            client.post("/join/", data={"code": "NOSUCHCODE"}).status_code for _ in range(31)
        ]
        assert statuses[-1] == 429
        # Flask-Limiter's command leaves RATELIMIT_KEY_PREFIX out of the key: the README
        # says to give it, as here.
        key = f"{app.config['RATELIMIT_KEY_PREFIX']}/127.0.0.1"
        cleared = flask("limiter", "clear", "--key", key, "--endpoint", "join.join", "-y")
        assert cleared.exit_code == 0, cleared.output
        assert client.post("/join/", data={"code": "NOSUCHCODE"}).status_code == 200


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask a machine may have: what the app creates keeps the mode
    it asks for, not one the umask happens to narrow."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def test_the_counters_file_and_the_folder_made_for_it_are_their_owners_only(
    open_umask, database_url, tmp_path
):
    """The counters hold client addresses and the accounts tried: no other account of the
    machine may read them, nor swap the file for its own in the folder."""
    from tests.support.clients import AuthActions

    folder = tmp_path / "limits" / "counters"
    app = _limited_app(database_url, f"sqlitefile://{folder / 'ratelimits.sqlite3'}")
    with running(app):
        make_user(email="kim@example.org")
        AuthActions(app.test_client()).login("kim@example.org")  # type: ignore[arg-type]
    files = sorted(folder.glob("ratelimits.sqlite3*"))
    assert folder / "ratelimits.sqlite3" in files
    assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}
    assert _mode(folder) == _mode(folder.parent) == 0o700


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
