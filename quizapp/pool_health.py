"""Noticing a PostgreSQL connection the server ended, without a round trip per request.

A connection waiting in the pool can be ended by the server (a restart, an admin's
``pg_terminate_backend``, a proxy's idle timeout). SQLAlchemy's ``pool_pre_ping`` finds
out by sending ``SELECT 1`` on every checkout: one more round trip, and one more
statement for the server, on every request. An idle connection has nothing to read, so
when its socket is readable the server has closed it (or said goodbye first): checking
that costs a ``poll`` of the socket, no I/O. A dead connection found so is discarded and
the pool hands out a fresh one (``DisconnectionError``), as the ping would have.

What the socket cannot show, a peer gone without closing (a cable cut), the ping could
not show any faster either: both wait on TCP. The request that first meets such a
connection fails and the pool replaces it.
"""

from __future__ import annotations

import select
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

# Drivers whose connections expose their socket (``pgconn.socket``): psycopg 3.
SOCKET_DRIVERS = frozenset({"psycopg"})


def has_socket_check(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql" and engine.dialect.driver in SOCKET_DRIVERS


def server_closed(dbapi_connection: Any) -> bool:
    """True when the idle connection is closed, broken, or has bytes waiting (the
    server's goodbye or end of stream)."""
    if getattr(dbapi_connection, "closed", False) or getattr(dbapi_connection, "broken", False):
        return True
    try:
        descriptor = dbapi_connection.pgconn.socket
    except Exception:  # the driver says the connection has no socket any more
        return True
    if not hasattr(select, "poll"):  # Windows: select() takes sockets there
        readable, _, _ = select.select([descriptor], [], [], 0)
        return bool(readable)
    poller = select.poll()
    poller.register(descriptor, select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


def watch_for_dropped_connections(engine: Engine) -> None:
    """Replace, as it leaves the pool, any connection ``server_closed`` finds dead."""
    if not has_socket_check(engine):
        return

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if server_closed(dbapi_connection):
            raise exc.DisconnectionError("the server closed this pooled connection")
