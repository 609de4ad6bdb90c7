"""A long command's progress bar on a terminal: what the command prints next (its log line,
its summary) starts on a line of its own, never glued to the end of the bar."""

from __future__ import annotations

import pytest

from tests.support import factories
from tests.support.study_fixtures import make_study_bank
from tests.support.terminal import flask_at_a_terminal


def _lines(shown: str) -> list[str]:
    return shown.split("\n")


@pytest.mark.parametrize("kind", ["bank", "results"])
def test_an_exports_log_line_and_summary_start_below_its_progress_bar(
    app, database_url, teacher, tmp_path, kind
):
    bank = make_study_bank(facts=3)
    student = factories.make_user(email="kim@example.org")
    factories.make_classroom(
        teacher, "Year 9", students=[student], banks=[bank], join_code="K7Q2MX"
    )
    factories.make_review(student, bank.facts[0].questions[0])
    command = {
        "bank": ["bank", "export", bank.slug, "-o", str(tmp_path / "bank.csv")],
        "results": ["results", "export", "--class", "K7Q2MX", "--kind", "answers",
                    "-o", str(tmp_path / "answers.csv")],
    }[kind]  # fmt: skip
    lines = _lines(flask_at_a_terminal(database_url, *command))
    (bar,) = [line for line in lines if "Exporting" in line]
    assert "100%" in bar  # the bar was drawn, and finished
    (logged,) = [line for line in lines if "export.written" in line]
    (summary,) = [line for line in lines if line.startswith("Wrote ")]
    assert "Exporting" not in logged and "Exporting" not in summary
    assert lines.index(bar) < lines.index(logged) < lines.index(summary)
