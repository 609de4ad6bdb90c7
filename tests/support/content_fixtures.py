"""Helpers for the content tests: bank files on disk and ``flask content`` runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Flask

from quizapp.extensions import db
from tests.support.paths import FIXTURES, REPO

CONTENT_README = REPO / "content" / "README.md"
# The shared folder sits beside the checkout (/work/main) or beside the worktrees' folder.
STORY = next(
    (
        folder / "shared" / "seed" / "000_8d6e1b529f3c55ce.txt"
        for folder in (REPO.parent, REPO.parent.parent)
        if (folder / "shared" / "seed").is_dir()
    ),
    REPO.parent / "shared" / "seed" / "000_8d6e1b529f3c55ce.txt",
)
STORY_MISSING = f"the seed story is not here ({STORY}); the shared folder is absent"
# Written for the tests in the seed story's shape, so the draft tests run in every clone.
TEST_STORY = FIXTURES / "garden_day_story.txt"


def example_bank_text() -> str:
    """The complete example from content/README.md, so the documented example stays valid."""
    readme = CONTENT_README.read_text(encoding="utf-8")
    match = re.search(r"```toml\n(.*?)```", readme, re.DOTALL)
    assert match, "content/README.md shows a complete example bank"
    return match.group(1)


def write_bank(folder: Path, text: str, name: str = "bank.toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line where ``fragment`` occurs for the ``occurrence``-th time."""
    found = 0
    for number, row in enumerate(text.split("\n"), start=1):
        if fragment in row:
            found += 1
            if found == occurrence:
                return number
    raise AssertionError(f"{fragment!r} not in the text")


def run_content(app: Flask, *args: str) -> Any:
    """Run ``flask content ...`` as a user would. The test's own transaction is ended
    first: on SQLite an open read would hold up the command's write."""
    db.session.rollback()
    result = app.test_cli_runner().invoke(args=["content", *args])
    db.session.rollback()
    return result
