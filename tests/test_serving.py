"""``make run`` serves with gunicorn as a school does (``gunicorn.conf.py``), on this
machine only, with workers from the cores and no development-server warning."""

from __future__ import annotations

import runpy
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


def test_served_by_the_config_a_request_is_logged_and_no_warning_printed(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    log = tmp_path / "gunicorn.log"
    command = [str(GUNICORN), "--config", str(CONFIG), "--bind", f"127.0.0.1:{port}",
               "--workers", "1", "--chdir", str(ROOT), "wsgi:app"]  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", **SERVER_ENV, "DATABASE_URL": database_url}
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        assert _answers(f"http://127.0.0.1:{port}/healthz", process), log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = log.read_text()
    assert "request method=GET path=/healthz status=200" in text
    assert "development server" not in text.lower()
