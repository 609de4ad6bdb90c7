"""gunicorn settings for ``make run`` and for a school's servers (``gunicorn wsgi:app`` in
this folder reads this file too). Command-line flags override any of them.

* ``bind``: 127.0.0.1:5000, this machine only; a server behind a proxy passes ``--bind``.
* ``workers``: ``WEB_CONCURRENCY`` if set, else 2 x cores + 1, at most 8 (sync workers,
  each a process; SQLite's write lock and the database's connections cap what more buys).
* Metrics of all workers add up: ``PROMETHEUS_MULTIPROC_DIR`` is set, before any worker
  starts, to a new empty folder that is removed on exit (a folder you set yourself is
  used and left alone: empty it before each start). A worker that dies has its live
  gauges (database pool use) dropped by ``child_exit``; its counters stay counted.
* No access log: the app logs one line per request itself, with its request id.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

MAX_WORKERS = 8
_OWN_METRICS_DIR_PREFIX = "quizapp-metrics-"


def workers_for(cores: int) -> int:
    return max(1, min(2 * cores + 1, MAX_WORKERS))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = ["127.0.0.1:5000"]
workers = int(os.environ.get("WEB_CONCURRENCY") or workers_for(_cores()))
worker_class = "sync"
accesslog = None

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix=_OWN_METRICS_DIR_PREFIX)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def on_exit(server: Any) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(folder).startswith(_OWN_METRICS_DIR_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)
