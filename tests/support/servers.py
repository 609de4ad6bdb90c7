"""Servers for the tests, on free ports of 127.0.0.1 and always stopped, also when the
test fails: real gunicorn servers for the tests that need several processes (rate limits
shared by workers, the load and crash test), and a WSGI app served from a thread of the
test's own process (the browser tests' live app, the LTI test platform)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from werkzeug.serving import BaseWSGIServer, make_server

from tests.support.paths import REPO

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

ROOT = REPO
GUNICORN = Path(sys.executable).parent / "gunicorn"
SERVER_ENV = {
    "SECRET_KEY": "test-secret-key-not-for-production",
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
}


class ThreadedServer:
    """A WSGI app served on a free loopback port from a daemon thread of this process, so
    a browser or the app under test can reach it while the test reads its state."""

    def __init__(self, wsgi: WSGIApplication) -> None:
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def worker_pids(self) -> list[int]:
        """The gunicorn workers (children of the master process)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _wait_until_up(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{server.log_text()[-3000:]}")
        try:
            if httpx.get(server.url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {timeout} s:\n{server.log_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's own process group, then SIGKILL whatever is left."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


@contextmanager
def gunicorn(database_url: str, log_dir: Path, workers: int = 2, **env: str) -> Iterator[Server]:
    """One gunicorn master with ``workers`` workers serving ``wsgi:app`` on a free port."""
    port = free_port()
    log = log_dir / f"gunicorn-{port}.log"
    command = [
        str(GUNICORN),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "--chdir",
        str(ROOT),
        "wsgi:app",
    ]
    environment = {**os.environ, **SERVER_ENV, "DATABASE_URL": database_url, **env}
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)


@contextmanager
def gunicorns(
    database_url: str, log_dir: Path, count: int, workers: int, **env: str
) -> Iterator[list[Server]]:
    """``count`` servers on one database, all stopped at the end."""
    with ExitStack() as stack:
        yield [
            stack.enter_context(gunicorn(database_url, log_dir, workers, **env))
            for _ in range(count)
        ]
