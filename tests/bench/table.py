"""One row of the ``make bench`` table: a figure, its reference from the same run, the goal."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# The goal of a row that explains another (no goal of its own): its "met" prints "-".
INFO = "(explains)"


@dataclass(frozen=True)
class Row:
    figure: str  # e.g. "class page at 1e7 vs 1e5 reviews, PostgreSQL"
    ours: float  # the measured value (e.g. seconds at 1e7)
    reference: float  # the value it is compared with, measured in the same run
    unit: str  # "s", "rows/s", "MB", ...
    ratio: float  # as the goal states it
    goal: str  # e.g. "< 1.5"
    met: bool


def met_cell(row: Row) -> str:
    if row.goal == INFO:
        return "-"
    return "yes" if row.met else "NO"


def print_rows(rows: Iterable[Row]) -> None:
    """The rows as a plain table (the shared ``make bench`` runner prints its own)."""
    print(f"{'figure':<58}{'ours':>12}{'reference':>12} {'unit':<7}{'ratio':>8}  goal     met")
    for row in rows:
        print(
            f"{row.figure:<58}{row.ours:>12.4g}{row.reference:>12.4g} {row.unit:<7}"
            f"{row.ratio:>8.3g}  {row.goal:<8} {met_cell(row)}"
        )


def command_line(run: Callable[[bool], list[Row]], description: str, quick_help: str) -> None:
    """``python -m tests.bench.<module> [--quick]``: run one benchmark and print its rows."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help=quick_help)
    print_rows(run(parser.parse_args().quick))
