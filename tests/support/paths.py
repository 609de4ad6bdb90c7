"""Where things are, from any test folder: the checkout, the test data, the shipped banks."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
PACKAGE = REPO / "quizapp"
FIXTURES = TESTS / "fixtures"
CONTENT = REPO / "content"
