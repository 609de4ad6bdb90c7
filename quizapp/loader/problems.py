"""Problems found in content files, reported the way compilers do: ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # Line 0 means the problem is with a whole file or folder, not a line in it.
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def display_path(path: Path) -> str:
    """The path as a teacher typed it would read best: relative to here when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
