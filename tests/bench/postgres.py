"""Which PostgreSQL server the benchmarks use: ``TEST_DATABASE_URL``, else a local one
answering on 5432 (as ``make test`` finds it), else none."""

from __future__ import annotations

import os
import socket
import sys

LOCAL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_server(benchmark: str | None = None) -> str | None:
    """The server's URL, or None; a named ``benchmark`` says on stderr that it is skipped."""
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ["TEST_DATABASE_URL"]
    try:
        socket.create_connection(("127.0.0.1", 5432), 2).close()
    except OSError:
        if benchmark:
            print(f"{benchmark}: no PostgreSQL server; skipped.", file=sys.stderr)
        return None
    return LOCAL
