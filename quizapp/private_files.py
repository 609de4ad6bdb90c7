"""Files that hold people's data (the database, a backup, the rate-limit counters with
client addresses and account keys) are their owner's only.

Created by SQLite or ``open`` they would take the umask's mode (often 0644, readable by
every account of the machine), and so would SQLite's WAL files, which get their
database's mode. Creating the file empty with mode 0600 first, before SQLite opens it,
keeps all of them private.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

PRIVATE = 0o600
# A folder the app makes for such files: only its owner may list it or add files to it.
PRIVATE_FOLDER = 0o700


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only, unless it exists (or its
    folder does not: then whoever opens it reports that)."""
    if path.exists():
        return
    with suppress(FileExistsError, FileNotFoundError):  # made meanwhile / no folder
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE))


def make_private_folder(path: Path) -> None:
    """Create ``path`` (and missing parents) if needed; a folder made here is its
    owner's only, whatever the umask. One that exists keeps its mode."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        with suppress(FileExistsError):  # made meanwhile by another process
            folder.mkdir(mode=PRIVATE_FOLDER)
