"""Teacher pages (and the learner's own) at school scale, PostgreSQL: a year of a
1,000-student school (10^7 answers, 10^6 memory states) against a year of a 10-student
school (10^5 answers), the same class of 10 measured in both, interleaved in one run.

    .venv/bin/python -m tests.bench.teacher_pages [--quick]

``--quick`` uses 100 students (10^6 answers) for the large school.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack

from quizapp.extensions import db
from quizapp.models import Classroom
from quizapp.progress.classroom import roster
from quizapp.progress.item_analysis import class_item_analysis
from quizapp.timeutil import now_utc

from .postgres import postgres_server
from .schools import School, build_school
from .table import Row, command_line

GOAL = 1.5
REPEATS = 7


def _pages(school: School) -> dict[str, Callable[[], object]]:
    teacher = school.client(school.teacher_email)
    learner = school.client(school.student_email)
    base = f"/progress/class/{school.class_id}"

    def get(client: object, url: str) -> Callable[[], object]:
        def fetch() -> object:
            response = client.get(url)  # type: ignore[attr-defined]
            assert response.status_code == 200, (url, response.status_code)
            return response.get_data()

        return fetch

    def in_app(action: Callable[[Classroom], object]) -> Callable[[], object]:
        def call() -> object:
            return action(db.session.get(Classroom, school.class_id))  # type: ignore[arg-type]

        return call

    return {
        "class page": get(teacher, base),
        "roster": in_app(lambda classroom: roster(classroom, now_utc())),
        "item analysis": in_app(class_item_analysis),
        "a student's page (teacher)": get(teacher, f"{base}/student/{school.student_id}"),
        "learner's own progress page": get(learner, "/progress/"),
    }


def _time(school: School, action: Callable[[], object]) -> float:
    with school.context():
        began = time.perf_counter()
        action()
        return time.perf_counter() - began


def run(quick: bool) -> list[Row]:
    server = postgres_server("teacher_pages")
    if server is None:
        return []
    large_students = 100 if quick else 1000
    with ExitStack() as stack:
        began = time.perf_counter()
        small = build_school(stack, server, 10)
        large = build_school(stack, server, large_students)
        print(
            f"teacher_pages: built {small.reviews:,} and {large.reviews:,} answers "
            f"({large.memory_states:,} memory states) in {time.perf_counter() - began:.0f} s",
            file=sys.stderr,
        )
        pages = {school.url: _pages(school) for school in (small, large)}
        timings: dict[tuple[str, str], list[float]] = {}
        for repeat in range(REPEATS + 1):  # the first round warms caches and is dropped
            for name in pages[small.url]:
                for school in (small, large):
                    seconds = _time(school, pages[school.url][name])
                    if repeat:
                        timings.setdefault((name, school.url), []).append(seconds)
        rows = []
        for name in pages[small.url]:
            ours = statistics.median(timings[(name, large.url)])
            reference = statistics.median(timings[(name, small.url)])
            ratio = ours / reference
            rows.append(
                Row(
                    figure=f"{name}, {large.reviews:.0e} vs {small.reviews:.0e} answers, PG",
                    ours=ours,
                    reference=reference,
                    unit="s",
                    ratio=ratio,
                    goal=f"< {GOAL}",
                    met=ratio < GOAL,
                )
            )
        return rows


if __name__ == "__main__":
    command_line(run, __doc__.splitlines()[0], "10^6 answers for the large school")
