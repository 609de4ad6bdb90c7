"""gunicorn settings for ``make run`` and for a school's servers (``gunicorn wsgi:app`` in
this folder reads this file too). Command-line flags override any of them.

* ``bind``: 127.0.0.1:5000, this machine only; a server behind a proxy passes ``--bind``.
* ``workers``: ``WEB_CONCURRENCY`` if set, else 2 x cores + 1, at most 8 (sync workers,
  each a process; SQLite's write lock and the database's connections cap what more buys).
* Metrics of all workers add up: ``PROMETHEUS_MULTIPROC_DIR`` is set, before any worker
  starts, to a new empty folder that is removed on exit (a folder you set yourself is
  used and left alone: empty it before each start). A worker that dies has its live
  gauges (database pool use) dropped by ``child_exit``; its counters stay counted.
* A setting the app cannot use stops gunicorn before it binds or boots a worker
  (``on_starting``), with the app's one line and exit status 1; so does an address to
  bind that is already in use (``make run`` twice), rather than five seconds of retries.
* Run as a script (``python gunicorn.conf.py``, as ``make run`` does first), this file
  only checks ``WEB_CONCURRENCY``: gunicorn reads that variable itself with ``int()`` as
  it loads, before this file, and a word there would print gunicorn's traceback.
* No access log: the app logs one line per request itself, with its request id.
* ``LOG_FORMAT=json``: gunicorn's own lines (start, workers booting, a worker timeout,
  the stop) and any library's warnings are JSON lines like the app's, so a log collector
  reading one object per line loses none of them.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from typing import Any

MAX_WORKERS = 8
_OWN_METRICS_DIR_PREFIX = "quizapp-metrics-"
_CHECK_ONLY = __name__ == "__main__"


def workers_for(cores: int) -> int:
    return max(1, min(2 * cores + 1, MAX_WORKERS))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _workers() -> int:
    """``WEB_CONCURRENCY``, else ``workers_for`` the cores. Zero workers would listen and
    never answer, so it stops the start as a setting the app cannot use does."""
    value = os.environ.get("WEB_CONCURRENCY", "").strip()
    if not value:
        return workers_for(_cores())
    if not value.isdigit() or int(value) < 1:
        sys.exit(
            "quizapp cannot start: WEB_CONCURRENCY must be a whole number of workers from 1, "
            f"not {value!r}."
        )
    return int(value)


bind = ["127.0.0.1:5000"]
workers = _workers()
worker_class = "sync"
accesslog = None


def json_logging() -> dict[str, Any]:
    """gunicorn's ``logconfig_dict`` (merged over its defaults): its own lines and the root
    logger write the app's JSON lines to standard error. Any logging config turns gunicorn's
    access log on, whatever ``accesslog`` says, and its line holds the raw request line (a
    join code, a query string): ``gunicorn.access`` goes nowhere, the app logs each request."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    return {
        "formatters": {"json": {"()": "quizapp.ops.logs.JsonLinesFormatter"}},
        "handlers": {
            "console": handler,
            "error_console": handler,
            "nowhere": {"class": "logging.NullHandler"},
        },
        "root": {"level": "WARNING", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["nowhere"], "propagate": False},
        },
    }


if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    logconfig_dict = json_logging()

if not _CHECK_ONLY and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix=_OWN_METRICS_DIR_PREFIX)


def on_starting(server: Any) -> None:
    """Check the settings as the app reads them (``quizapp.check_settings``) before any
    worker starts. Left to the workers, each would exit at its import and be booted again,
    forever, the port open and requests hanging. In a child process, so the master never
    imports the app: new workers after a HUP still load its new code.

    First, that the address to serve on is free: taken (``make run`` twice), gunicorn
    would try five times over five seconds, ten error lines, before giving up."""
    taken = address_in_use(server.cfg)
    if taken:
        print(
            f"quizapp cannot start: {taken} is in use (is quizapp already running?); serve on "
            'another port with GUNICORN_CMD_ARGS="--bind 127.0.0.1:5001".',
            file=sys.stderr,
        )
        on_exit(server)
        raise SystemExit(1)
    check = [sys.executable, "-c", "import quizapp; quizapp.check_settings()"]
    if subprocess.run(check, check=False).returncode != 0:  # it printed why
        on_exit(server)
        raise SystemExit(1)


def address_in_use(cfg: Any) -> str | None:
    """The first TCP address gunicorn is to bind that another socket holds, else None.
    Not asked when gunicorn is handed its sockets (a USR2 upgrade, whose old master still
    holds them; systemd socket activation) or shares them (``reuse_port``)."""
    if os.environ.get("GUNICORN_FD") or os.environ.get("LISTEN_FDS") or cfg.reuse_port:
        return None
    for address in cfg.address:
        if not isinstance(address, tuple):  # a Unix socket's path
            continue
        host, port = address[0], address[1]
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            try:
                probe.bind((host, port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    return f"{host}:{port}"
    return None


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def on_exit(server: Any) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(folder).startswith(_OWN_METRICS_DIR_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)
