"""gunicorn servers started for one benchmark and always stopped, on free local ports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.paths import REPO
from tests.support.servers import free_port

WORKERS = 4


@contextmanager
def gunicorn(app: str, env: dict[str, str], health: str) -> Iterator[str]:
    """Serve ``app`` with 4 sync workers until the block ends; yields its base URL. The
    app logs a line per request, as in production, into a file rather than the table."""
    port = free_port()
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    with tempfile.NamedTemporaryFile(prefix=f"bench-gunicorn-{port}-", suffix=".log") as log:
        process = subprocess.Popen(
            [
                str(gunicorn_bin),
                *("--workers", str(WORKERS), "--worker-class", "sync"),
                *("--bind", f"127.0.0.1:{port}", "--log-level", "warning", app),
            ],
            cwd=REPO,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            try:
                _wait_for(base + health, process)
            except RuntimeError as error:
                raise RuntimeError(f"{error}\n{Path(log.name).read_text()[-3000:]}") from error
            yield base
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before serving")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 60 s")


_TICKS = os.sysconf("SC_CLK_TCK")


def _processes(wanted: Callable[[str], bool]) -> Iterator[Path]:
    """The /proc entries of the processes whose command line ``wanted`` accepts."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # a process that ended meanwhile
            continue
        if wanted(command):
            yield entry


def _cpu_seconds(wanted: Callable[[str], bool]) -> float:
    """CPU seconds (user + system) used so far by the processes whose command line
    ``wanted`` accepts, read from /proc."""
    return sum(process_cpu_seconds(int(entry.name)) for entry in _processes(wanted))


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` (0 once it ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # a process that ended meanwhile
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime


def _serving(base: str) -> Callable[[str], bool]:
    """Whether a command line is the gunicorn serving ``base`` (master or worker: every
    process started with its bind address)."""
    bind = base.removeprefix("http://")
    return lambda command: bind in command


def server_pids(base: str) -> list[int]:
    """The process ids of the gunicorn serving ``base``: its master (the lowest) and
    workers."""
    return sorted(int(entry.name) for entry in _processes(_serving(base)))


def server_cpu_seconds(base: str) -> float:
    """CPU seconds used so far by the gunicorn serving ``base`` (master and workers)."""
    return _cpu_seconds(_serving(base))


def database_cpu_seconds() -> float:
    """CPU seconds used so far by this machine's PostgreSQL server processes (0 with
    SQLite, whose work is done inside the app's own processes)."""
    return _cpu_seconds(lambda command: command.startswith("postgres"))
