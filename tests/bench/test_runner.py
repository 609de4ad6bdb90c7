"""``make bench`` prints one table and skips, with a note, a benchmark not in the checkout."""

from __future__ import annotations

import httpx

from .__main__ import collect, print_table
from .reference_app import create_tables
from .servers import gunicorn, server_cpu_seconds
from .table import INFO, Row


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


def test_a_row_that_explains_another_has_no_verdict_of_its_own(capsys):
    print_table([Row("server CPU per answer, SQLite", 9.0, 1.5, "ms", 6.0, INFO, True)])
    assert capsys.readouterr().out.splitlines()[-1].split()[-1] == "-"


def test_a_servers_cpu_is_read_from_its_processes(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    create_tables(url)
    env = {"REFERENCE_DATABASE_URL": url}
    with gunicorn("tests.bench.reference_app:app", env, "/ref/health") as base:
        before = server_cpu_seconds(base)
        for _ in range(200):
            httpx.get(base + "/ref/health")
        assert server_cpu_seconds(base) > before
    assert server_cpu_seconds(base) == 0.0  # stopped: no process serves it any more
