"""Running a ``flask`` command as an operator does, at a terminal: its standard output and
error on one pseudo-terminal, so click draws its progress bars as a person sees them."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from tests.support.paths import REPO
from tests.support.servers import SERVER_ENV

FLASK = Path(sys.executable).parent / "flask"


def flask_at_a_terminal(database_url: str, *args: str, timeout: float = 120) -> str:
    """Everything ``flask --app wsgi ARGS`` wrote to the terminal, redraws and all (the
    terminal ends lines with ``\\r\\n``); the command must succeed."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **SERVER_ENV}
    env |= {"DATABASE_URL": database_url, "RATELIMIT_STORAGE_URI": "memory://"}
    controller, terminal = pty.openpty()
    command = [str(FLASK), "--app", "wsgi", *args]
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    written = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the command exited and closed the terminal
                break
            if not chunk:
                break
            written += chunk
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
    text = written.decode(errors="replace")
    assert process.returncode == 0, text
    return text
