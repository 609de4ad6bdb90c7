"""``make run`` serves with gunicorn as a school does (``gunicorn.conf.py``), on this
machine only, with workers from the cores and no development-server warning."""

from __future__ import annotations

import json
import runpy
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.support.servers import GUNICORN, ROOT, SERVER_ENV, free_port

CONFIG = ROOT / "gunicorn.conf.py"


def test_the_config_binds_this_machine_with_workers_from_the_cores(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = runpy.run_path(str(CONFIG))
    assert config["bind"] == ["127.0.0.1:5000"]
    assert [config["workers_for"](cores) for cores in (1, 2, 3, 64)] == [3, 5, 7, 8]
    assert config["accesslog"] is None  # the app logs each request itself
    assert callable(config["child_exit"])
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    assert runpy.run_path(str(CONFIG))["workers"] == 2


def test_make_run_starts_gunicorn_and_make_dev_keeps_the_reloader() -> None:
    def commands(target: str) -> str:
        dry_run = ["make", "--dry-run", "--always-make", "-C", str(ROOT), target]
        return subprocess.run(dry_run, capture_output=True, text=True, check=True).stdout

    assert "gunicorn --config gunicorn.conf.py wsgi:app" in commands("run")
    assert " run --reload --host 127.0.0.1 --port 5000" in commands("dev")


def _answers(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            return httpx.get(url, timeout=2).status_code == 200
        except httpx.HTTPError:
            time.sleep(0.2)
    return False


def _serve_once(database_url: str, log: Path, then: str = "", **env: str) -> str:
    """Start gunicorn from the config, ask for /healthz (and the path ``then``), stop it:
    everything it printed."""
    port = free_port()
    command = [str(GUNICORN), "--config", str(CONFIG), "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--chdir", str(ROOT), "wsgi:app"]  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", **SERVER_ENV, "DATABASE_URL": database_url, **env}
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        assert _answers(f"http://127.0.0.1:{port}/healthz", process), log.read_text()
        if then:
            httpx.get(f"http://127.0.0.1:{port}{then}", timeout=10)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return log.read_text()


def test_served_by_the_config_a_request_is_logged_and_no_warning_printed(
    database_url: str, tmp_path: Path
) -> None:
    text = _serve_once(database_url, tmp_path / "gunicorn.log")
    assert "request method=GET path=/healthz status=200" in text
    assert "development server" not in text.lower()


def test_with_json_logs_gunicorn_own_lines_are_json_too(database_url: str, tmp_path: Path) -> None:
    """A log collector reading one JSON object per line also gets the server's start,
    its workers and its stop (a worker timeout is one of those lines), not plain text."""
    text = _serve_once(database_url, tmp_path / "gunicorn.log", LOG_FORMAT="json")
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"]
               for line in lines)  # fmt: skip
    assert any(line.get("path") == "/healthz" and line["status"] == 200 for line in lines)


def test_with_json_logs_gunicorn_writes_no_access_line_with_the_raw_path(
    database_url: str, tmp_path: Path
) -> None:
    """gunicorn turns its access log on whenever a logging config is given: its line holds
    the raw request line, a class's join code and the query string the app never logs."""
    log = tmp_path / "gunicorn.log"
    text = _serve_once(database_url, log, LOG_FORMAT="json", then="/join/K7QM2XH9PA?n=secret")
    assert "K7QM2XH9PA" not in text and "secret" not in text, text
    assert not [line for line in text.splitlines() if '"gunicorn.access"' in line]
    assert '"path": "/join/<code>"' in text  # the app's own line for the request


@pytest.mark.parametrize(
    ("setting", "value", "named"),
    [
        ("MAX_UPLOAD_BYTES", "5MB", "MAX_UPLOAD_BYTES"),
        ("DATABASE_URL", "sqlite:////no/such/folder/quizapp.sqlite3", "a folder that does not"),
        # zero workers listened and never answered
        ("WEB_CONCURRENCY", "0", "a whole number of workers from 1"),
    ],
)
def test_a_setting_the_app_cannot_use_stops_gunicorn_once_with_status_1(
    database_url: str, tmp_path: Path, setting: str, value: str, named: str
) -> None:
    """Not workers failing and booted again forever, the port open and requests hanging:
    a supervisor must see the failure, and the line that says which variable."""
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    command = [str(GUNICORN), "--config", str(CONFIG), "--bind", f"127.0.0.1:{free_port()}",
               "--workers", "2", "--chdir", str(ROOT), "wsgi:app"]  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", **SERVER_ENV, "DATABASE_URL": database_url}
    env |= {setting: value, "PROMETHEUS_MULTIPROC_DIR": str(metrics)}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired as still_running:
        pytest.fail(f"gunicorn kept running:\n{still_running.stderr!r}")
    assert done.returncode == 1, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "cannot start" in line]
    assert line.startswith(f"quizapp cannot start: {setting}") and named in line
    assert "Booting worker" not in done.stderr


def test_a_word_for_web_concurrency_stops_make_run_with_one_line_and_no_traceback(
    tmp_path: Path,
) -> None:
    """gunicorn reads WEB_CONCURRENCY itself, with ``int()``, as it loads and before it
    reads gunicorn.conf.py: a word there printed gunicorn's traceback. ``make run`` now
    checks the setting first, before it migrates anything or starts gunicorn."""
    database = tmp_path / "quizapp.sqlite3"
    env = {"PATH": "/usr/bin:/bin", **SERVER_ENV, "DATABASE_URL": f"sqlite:///{database}"}
    env |= {"WEB_CONCURRENCY": "abc", "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{free_port()}"}
    command = ["make", "--no-print-directory", "-C", str(ROOT), "-o", ".venv/.installed", "run"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "cannot start" in line]
    assert line == (
        "quizapp cannot start: WEB_CONCURRENCY must be a whole number of workers from 1, not 'abc'."
    )
    assert not database.exists()  # stopped before migrating


def test_a_second_start_on_a_port_in_use_stops_at_once_with_one_line(
    database_url: str, tmp_path: Path
) -> None:
    """``make run`` twice (or another program on port 5000): gunicorn tried for five
    seconds and printed ten "Connection in use" lines. It now says in one line which
    address is taken and what to do, and exits with status 1."""
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [str(GUNICORN), "--config", str(CONFIG), "--bind", f"127.0.0.1:{port}",
                   "--workers", "1", "--chdir", str(ROOT), "wsgi:app"]  # fmt: skip
        env = {"PATH": "/usr/bin:/bin", **SERVER_ENV, "DATABASE_URL": database_url}
        env |= {"PROMETHEUS_MULTIPROC_DIR": str(metrics)}
        began = time.monotonic()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 1, done.stderr
    assert time.monotonic() - began < 4, "no retries"
    assert "Connection in use" not in done.stderr
    (line,) = [line for line in done.stderr.splitlines() if "cannot start" in line]
    assert line == (
        f"quizapp cannot start: 127.0.0.1:{port} is in use (is quizapp already running?); "
        'serve on another port with GUNICORN_CMD_ARGS="--bind 127.0.0.1:5001".'
    )
