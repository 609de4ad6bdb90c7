"""The Prometheus metrics, defined once per process, and the calls that move them.

``prometheus_client`` keeps metrics in process-wide objects by design. Under gunicorn
each worker is its own process, so with ``PROMETHEUS_MULTIPROC_DIR`` set (``gunicorn.conf.py``
sets it) every worker writes its values to files in that folder and a scrape of any
worker adds them all up (``exposition``). The folder must be set before this module is
first imported, and be empty when the server starts.

Labels hold names from small fixed sets (endpoint names, never raw paths; ratings;
formats), so the number of series stays bounded whatever clients send.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import event
from sqlalchemy.engine import Engine

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_METHODS = frozenset({"GET", "POST", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})

REQUESTS = Counter(
    "quizapp_http_requests",
    "HTTP requests answered, by endpoint (the view's name), method and status code.",
    ["endpoint", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "quizapp_http_request_duration_seconds",
    "Time from the first hook to the response, by endpoint.",
    ["endpoint"],
    buckets=LATENCY_BUCKETS,
)
ANSWERS = Counter(
    "quizapp_answers_recorded", "Answers recorded (once per item), by mode.", ["mode"]
)
REVIEWS = Counter(
    "quizapp_reviews", "Reviews given to the scheduler, by rating.", ["rating"]
)  # fmt: skip
IMPORTS = Counter(
    "quizapp_imports",
    "Question-set imports and content loads, by source and outcome.",
    ["source", "outcome"],
)
EXPORTS = Counter("quizapp_exports", "Downloads written, by export and kind.", ["export", "kind"])
EXPORT_ROWS = Counter(
    "quizapp_export_rows",
    "Rows written by exports (facts of a bank export, data rows of a results CSV).",
    ["export", "kind"],
)
POOL_CHECKED_OUT = Gauge(
    "quizapp_db_pool_checked_out",
    "Database connections checked out of the pool now, by database (primary or read).",
    ["database"],
    multiprocess_mode="livesum",
)


def observe_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    method = method if method in _METHODS else "other"
    REQUESTS.labels(endpoint, method, str(status)).inc()
    REQUEST_SECONDS.labels(endpoint).observe(seconds)


def count_answer(mode: str, rating: str) -> None:
    ANSWERS.labels(mode).inc()
    REVIEWS.labels(rating).inc()


def count_import(source: str, outcome: str) -> None:
    IMPORTS.labels(source, outcome).inc()


def count_export(export: str, kind: str, rows: int) -> None:
    EXPORTS.labels(export, kind).inc()
    EXPORT_ROWS.labels(export, kind).inc(rows)


def watch_pool(engine: Engine, database: str) -> None:
    """Follow ``engine``'s pool: +1 when a connection is checked out, -1 when it returns."""
    gauge = POOL_CHECKED_OUT.labels(database)

    def checked_out(*_args: Any) -> None:
        gauge.inc()

    def checked_in(*_args: Any) -> None:
        gauge.dec()

    event.listen(engine, "checkout", checked_out)
    event.listen(engine, "checkin", checked_in)


def watch_pools() -> None:
    """Follow every engine of the current app (the primary, and the read replica if set)."""
    from ..extensions import db

    for bind, engine in db.engines.items():
        watch_pool(engine, "primary" if bind is None else str(bind))


def exposition() -> tuple[bytes, str]:
    """The scrape's body and content type: every worker's values when multiprocess."""
    if os.environ.get(MULTIPROCESS_DIR_VARIABLE):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
