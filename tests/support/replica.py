"""A real streaming replica of the test PostgreSQL server, started for a test.

``pg_basebackup -R`` copies the primary into a temporary folder and writes the standby
settings; ``pg_ctl`` (from ``/usr/lib/postgresql/*/bin``) starts it on a free port. The
primary needs ``wal_level`` replica or higher, free ``max_wal_senders`` and a
``replication`` line in ``pg_hba.conf``; a missing line is added here (and the server
reloaded), so a fresh CI machine needs no set-up by hand. PostgreSQL refuses to run as
root, so as root the server commands run as the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

HBA_LINE = "host replication all 127.0.0.1/32 trust"


class ReplicaUnavailable(RuntimeError):
    """This machine cannot run a replica (the reason is the message)."""


def _server_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    if not found[-1]:
        raise ReplicaUnavailable(f"{name} is not installed")
    return found[-1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam("postgres")
    except KeyError as error:
        raise ReplicaUnavailable("running as root and there is no postgres user") from error
    return ["runuser", "-u", "postgres", "--", *command]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def allow_replication(primary_url: str) -> None:
    """Check the primary can feed a replica; add the pg_hba.conf line if it is missing."""
    engine = create_engine(primary_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if connection.scalar(text("SHOW wal_level")) == "minimal":
                raise ReplicaUnavailable("the primary runs with wal_level=minimal")
            rules = connection.execute(
                text("SELECT database FROM pg_hba_file_rules WHERE type = 'host'")
            ).scalars()
            if any("replication" in (databases or []) for databases in rules):
                return
            hba_file = connection.scalar(text("SHOW hba_file"))
            try:
                with open(hba_file, "a") as hba:
                    hba.write(f"\n# added by quizapp's replica test\n{HBA_LINE}\n")
            except OSError as error:
                raise ReplicaUnavailable(f"cannot add a replication line to {hba_file}") from error
            connection.execute(text("SELECT pg_reload_conf()"))
    finally:
        engine.dispose()


@contextmanager
def streaming_replica(primary_url: str) -> Iterator[str]:
    """Yield the URL of the same database on a fresh streaming replica of the primary."""
    allow_replication(primary_url)
    url = make_url(primary_url)
    folder = tempfile.mkdtemp(prefix="quizapp-replica-")
    data = os.path.join(folder, "data")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    run = lambda command: subprocess.run(  # noqa: E731
        _as_server_user(command), check=True, capture_output=True, text=True, timeout=300
    )
    try:
        run(
            [
                _server_bin("pg_basebackup"),
                *("-h", url.host or "127.0.0.1", "-p", str(url.port or 5432)),
                *("-U", url.username or "postgres", "-D", data, "-R", "-X", "stream"),
                # At once, not after a checkpoint spread over minutes (the default).
                *("--checkpoint", "fast"),
            ]
        )
        settings = f"port = {port}\nunix_socket_directories = '{folder}'\nhot_standby = on\n"
        for name, body in (
            ("postgresql.conf", settings),
            ("pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"),
        ):
            with open(os.path.join(data, name), "w") as handle:
                handle.write(body)
        if os.geteuid() == 0:
            for root, _dirs, files in os.walk(data):
                for item in [root, *(os.path.join(root, f) for f in files)]:
                    shutil.chown(item, "postgres", "postgres")
        log = os.path.join(folder, "server.log")
        run([_server_bin("pg_ctl"), "-D", data, "-l", log, "-w", "-t", "120", "start"])
        try:
            yield url.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
        finally:
            run([_server_bin("pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"])
    except subprocess.CalledProcessError as error:
        raise ReplicaUnavailable(f"{error.cmd[-1]}: {error.stderr.strip()[-300:]}") from error
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def wait_until(check: object, timeout: float = 30.0) -> None:
    """Poll ``check()`` until it is true (replication is asynchronous)."""
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("the replica did not catch up in time")
        time.sleep(0.1)
