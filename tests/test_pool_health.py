"""A pooled PostgreSQL connection the server closed is noticed from its socket alone."""

from __future__ import annotations

import socket
from types import SimpleNamespace

from quizapp.pool_health import server_closed


def connection_on(sock: socket.socket, **state: bool) -> SimpleNamespace:
    """Stands in for a psycopg connection: what ``server_closed`` reads of one."""
    return SimpleNamespace(pgconn=SimpleNamespace(socket=sock.fileno()), **state)


def test_an_idle_connection_is_alive_and_one_the_server_closed_or_spoke_on_is_not():
    ours, server = socket.socketpair()
    try:
        assert server_closed(connection_on(ours)) is False
        server.sendall(b"E")  # PostgreSQL's goodbye: an error message, then the close
        assert server_closed(connection_on(ours)) is True
    finally:
        ours.close()
        server.close()
    ours, server = socket.socketpair()
    try:
        server.close()  # a proxy's idle timeout: end of stream, nothing said
        assert server_closed(connection_on(ours)) is True
    finally:
        ours.close()


def test_a_connection_the_driver_knows_is_closed_or_broken_is_not_used():
    ours, server = socket.socketpair()
    try:
        assert server_closed(connection_on(ours, closed=True)) is True
        assert server_closed(connection_on(ours, broken=True)) is True
        assert server_closed(SimpleNamespace(pgconn=None)) is True  # no socket any more
    finally:
        ours.close()
        server.close()
