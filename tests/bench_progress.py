"""Benchmark: a class's answers export streams with flat memory.

Exports a class with 10k answers and one with 100k answers (or ``--rows N``) to a null
sink and prints the peak Python memory (tracemalloc) of each side by side. A ratio near
1 means memory does not grow with the size of the export.

    .venv/bin/python -m tests.bench_progress
    .venv/bin/python -m tests.bench_progress --rows 1000000
    .venv/bin/python -m tests.bench_progress --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Review
from quizapp.progress.export import class_rows, columns, csv_chunks
from quizapp.progress.period import DateRange
from quizapp.timeutil import now_utc

from .databases import TEST_SETTINGS, migrate_to_head, running, throwaway_postgres_database
from .factories import make_bank, make_classroom, make_fact, make_question, make_user

INSERT_BATCH = 20_000


def fill_class(teacher, question, rows: int, name: str):
    """A class of one student who has answered ``rows`` times (bulk insert, no ORM objects)."""
    student = make_user(name=f"Student of {name}")
    classroom = make_classroom(teacher, name, students=[student], banks=[question.fact.bank])
    start = now_utc() - timedelta(days=365)
    for first in range(0, rows, INSERT_BATCH):
        batch = [
            {
                "user_id": student.id,
                "question_id": question.id,
                "fact_id": question.fact_id,
                "mode": "study",
                "rating": 3,
                "correct": n % 3 != 0,
                "response": f'answer {n}, with a comma and "quotes"',
                "duration_ms": 1000 + n % 5000,
                "reviewed_at": start + timedelta(seconds=n * 30),
            }
            for n in range(first, min(rows, first + INSERT_BATCH))
        ]
        db.session.execute(insert(Review), batch)
        db.session.commit()
    return classroom


def measure(classroom) -> tuple[int, int, float, int]:
    """(rows, bytes, seconds, peak bytes) for exporting the class's answers to nowhere."""
    db.session.expire_all()
    rows = 0
    written = 0
    tracemalloc.start()
    began = time.perf_counter()
    for chunk in csv_chunks(
        columns("answers"), class_rows(classroom, "answers", DateRange(), "UTC", now_utc())
    ):
        written += len(chunk.encode("utf-8"))
        rows += chunk.count("\r\n")
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return rows - 1, written, seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="answers in the large class")
    parser.add_argument("--small", type=int, default=10_000, help="answers in the small class")
    parser.add_argument("--postgres", help="PostgreSQL server URL (default: a temporary SQLite)")
    options = parser.parse_args()
    with ExitStack() as stack:
        if options.postgres:
            url = stack.enter_context(throwaway_postgres_database(options.postgres))
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            url = f"sqlite:///{folder / 'bench.sqlite3'}"
        migrate_to_head(url)
        app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": url})
        with running(app):
            teacher = make_user(role="teacher", name="Bench Teacher")
            question = make_question(make_fact(make_bank()))
            print(f"Loading {options.small:,} + {options.rows:,} answers ({db.engine.name})...")
            small = fill_class(teacher, question, options.small, "small")
            large = fill_class(teacher, question, options.rows, "large")
            results = [measure(small), measure(large)]
    print(f"{'answers':>10} {'CSV bytes':>12} {'seconds':>8} {'peak memory':>12}")
    for rows, written, seconds, peak in results:
        print(f"{rows:>10,} {written:>12,} {seconds:>8.2f} {peak / 1024:>9,.0f} KiB")
    ratio = results[1][3] / results[0][3]
    size_ratio = results[1][0] / max(results[0][0], 1)
    print(f"peak memory ratio {ratio:.2f} for {size_ratio:.0f}x the rows (about 1 = flat)")


if __name__ == "__main__":
    main()
