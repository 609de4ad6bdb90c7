"""The answers export at a million rows, PostgreSQL, side by side in one run:

- rows/s of our export (``flask results export``'s code path, in a child process) vs
  ``psql \\copy`` of the same joined rows to /dev/null;
- the child process's whole peak RSS (``VmHWM``: ``getrusage`` would
  report the forking parent's when it is larger), next to its RSS before exporting;
- the first byte of the web download (``/progress/class/<id>/export/answers.csv``) vs
  the whole download.

    .venv/bin/python -m tests.bench.exports [--quick]     (--quick: 10^5 answers)
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from contextlib import ExitStack

from sqlalchemy.engine import make_url

from quizapp.extensions import db
from quizapp.models import Classroom
from quizapp.progress.classroom import members
from quizapp.progress.period import DateRange
from quizapp.progress.results_csv import answers_query
from quizapp.progress.scope import class_bank_ids

from .postgres import postgres_server
from .schools import School, build_school
from .table import Row, command_line

RSS_LIMIT_MB = 120.0
FIRST_BYTE_LIMIT_S = 0.5
SPEED_GOAL = 1 / 3

CHILD = """
import json, re, sys, time
from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Classroom
from quizapp.progress.results_csv import class_csv
from quizapp.progress.period import DateRange
from quizapp.timeutil import now_utc
from tests.support.databases import TEST_SETTINGS
def peak_rss_mb():
    # VmHWM: this process's own high-water mark. getrusage's ru_maxrss is not: Linux
    # carries the forking parent's RSS across exec into it (the bench parent is larger).
    status = open("/proc/self/status").read()
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": sys.argv[1]})
with app.app_context():
    classroom = db.session.get(Classroom, int(sys.argv[2]))
    before = peak_rss_mb()
    began = time.perf_counter()
    stream = class_csv(classroom, "answers", DateRange(), "UTC", now_utc())
    with open("/dev/null", "wb") as sink:
        for chunk in stream:
            sink.write(chunk)
    seconds = time.perf_counter() - began
    peak = peak_rss_mb()
print(json.dumps({"rows": stream.rows_written, "seconds": seconds, "before": before, "peak": peak}))
"""


def _our_export(school: School) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, school.url, str(school.class_id)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _psql_copy(school: School) -> float:
    """Seconds for ``psql \\copy`` of the same joined answer rows to /dev/null."""
    with school.context():
        classroom = db.session.get(Classroom, school.class_id)
        query = answers_query(
            members(classroom),
            class_bank_ids(classroom),
            DateRange(),
            "UTC",
        )
        sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    url = make_url(school.url)
    command = [
        "psql",
        "-X",
        "-q",
        "-h",
        url.host or "127.0.0.1",
        "-p",
        str(url.port or 5432),
        "-U",
        url.username or "postgres",
        "-d",
        url.database or "",
        "-c",
        f"\\copy ({' '.join(sql.split())}) TO '/dev/null' WITH (FORMAT csv)",
    ]
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - began


def _first_byte(school: School) -> tuple[float, float]:
    """(seconds to the first body chunk, seconds for the whole download) of the web export."""
    client = school.client(school.teacher_email)
    with school.context():
        began = time.perf_counter()
        response = client.get(
            f"/progress/class/{school.class_id}/export/answers.csv", buffered=False
        )
        chunks = iter(response.response)
        next(chunks)
        first = time.perf_counter() - began
        for _chunk in chunks:
            pass
        response.close()
        return first, time.perf_counter() - began


def run(quick: bool) -> list[Row]:
    server = postgres_server("exports")
    if server is None:
        return []
    students = 10 if quick else 100
    with ExitStack() as stack:
        school = build_school(stack, server, students, class_size=students)
        reference = min(_psql_copy(school) for _ in range(2))
        ours = min((_our_export(school) for _ in range(2)), key=lambda run: run["seconds"])
        first, whole = _first_byte(school)
    rows = int(ours["rows"])
    ours_speed, copy_speed = rows / ours["seconds"], rows / reference
    label = f"{rows:.0e} answers"
    return [
        Row(
            f"answers export rows/s vs psql \\copy, {label}, PG",
            ours_speed,
            copy_speed,
            "rows/s",
            ours_speed / copy_speed,
            f">= {SPEED_GOAL:.2f}",
            ours_speed / copy_speed >= SPEED_GOAL,
        ),
        Row(
            f"answers export peak RSS vs before it, {label}",
            ours["peak"],
            ours["before"],
            "MB",
            ours["peak"] / ours["before"],
            f"<= {RSS_LIMIT_MB:.0f} MB",
            ours["peak"] <= RSS_LIMIT_MB,
        ),
        Row(
            f"web download first byte vs whole, {label}",
            first,
            whole,
            "s",
            first / whole,
            f"< {FIRST_BYTE_LIMIT_S} s",
            first < FIRST_BYTE_LIMIT_S,
        ),
    ]


if __name__ == "__main__":
    command_line(run, __doc__.splitlines()[0], "10^5 answers instead of 10^6")
