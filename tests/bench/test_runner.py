"""``make bench`` prints one table and skips, with a note, a benchmark not in the checkout."""

from __future__ import annotations

from .__main__ import collect, print_table
from .table import Row


def test_a_missing_benchmark_module_is_skipped_with_a_note(capsys):
    assert collect(["no_such_benchmark"], quick=True) == []
    assert "no_such_benchmark skipped" in capsys.readouterr().out


def test_the_table_has_one_line_per_figure_and_says_which_goals_are_met(capsys):
    print_table(
        [
            Row(
                "answers/s ÷ reference, SQLite, 16 learners",
                40.0,
                100.0,
                "answers/s",
                0.4,
                ">= 0.5",
                False,
            ),
            Row("POST p50 ÷ reference", 150.0, 100.0, "ms", 1.5, "<= 2", True),
        ]
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["figure", "ours", "reference", "unit", "ratio", "goal", "met"]
    assert len(lines) == 4
    assert lines[2].rstrip().endswith("NO") and "0.40" in lines[2]
    assert lines[3].rstrip().endswith("yes") and "1.50" in lines[3]
