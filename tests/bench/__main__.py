"""``python -m tests.bench [--quick]``: every benchmark, one table.

Each module named in MODULES that exists is run (``run(quick) -> list[Row]``); a module
another branch has not delivered yet is skipped with a note.
"""

from __future__ import annotations

import argparse
import importlib
import math
import time

from .table import Row, met_cell

MODULES = ("queue", "answer_loop", "learning", "teacher_pages", "exports")


def _number(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        return str(value)
    return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"


def print_table(rows: list[Row]) -> None:
    header = ("figure", "ours", "reference", "unit", "ratio", "goal", "met")
    cells = [
        (
            row.figure,
            _number(row.ours),
            _number(row.reference),
            row.unit,
            f"{row.ratio:.2f}",
            row.goal,
            met_cell(row),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    for line in [header, tuple("-" * w for w in widths), *cells]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


def collect(names: list[str], quick: bool) -> list[Row]:
    """Run each named module that exists and gather its rows; note the ones absent."""
    rows: list[Row] = []
    for name in names:
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"{__package__}.{name}":
                raise
            print(f"  note: {name} skipped: tests/bench/{name}.py is not in this checkout")
            continue
        started = time.monotonic()
        print(f"running {name}...", flush=True)
        rows.extend(module.run(quick))
        print(f"  {name} took {time.monotonic() - started:.0f} s", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller, shorter runs")
    parser.add_argument("--only", nargs="*", choices=MODULES, help="run just these")
    options = parser.parse_args()
    began = time.monotonic()
    rows = collect(list(options.only or MODULES), options.quick)
    print(f"\nmake bench: {time.monotonic() - began:.0f} s in all\n")
    print_table(rows)


if __name__ == "__main__":
    main()
