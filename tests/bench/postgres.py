"""Which PostgreSQL server the benchmarks use: ``TEST_DATABASE_URL``, else a local one
answering on 5432 (as ``make test`` finds it), else none."""

from __future__ import annotations

import os
import socket

LOCAL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_server() -> str | None:
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ["TEST_DATABASE_URL"]
    try:
        socket.create_connection(("127.0.0.1", 5432), 2).close()
    except OSError:
        return None
    return LOCAL
