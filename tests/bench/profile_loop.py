"""Where one answer's time goes: the answer loop profiled in-process.

    .venv/bin/python -m tests.bench.profile_loop [--loops 300] [--postgres] [--sort tottime] [--cpu]
    .venv/bin/python -m tests.bench.profile_loop --no-profile --phases [--no-scripts]
    .venv/bin/python -m tests.bench.profile_loop --postgres --loops 150 --no-profile --statements

Builds the answer loop's data (``answer_loop``'s bank and learners, and the reference's
tables) in a throwaway database, logs one learner in through the real form with the app
configured as gunicorn serves it (settings from the environment, no TESTING), warms up
(then takes planner statistics, as the benchmark does),
then runs "GET /study/ (unless the last feedback carried the card), POST /study/answer"
``--loops`` times alternating with the bare
reference pair and prints each request's wall and CPU time and the CPU ratio (reference
÷ ours: the in-process counterpart of the benchmark's answers/s ratio, without HTTP, the
client or the other workers, and steady on a busy machine); with ``--phases``, the CPU
per answer of each phase (``phases``: loading the user, the counts, the choice, the
answer's writes, rendering...); with ``--statements`` (PostgreSQL), the server's CPU per
answer by statement (``statement_cpu``); then again under cProfile,
the profile's biggest items and a breakdown by package (SQLAlchemy, Jinja, Flask-Login,
...), each as a share of the requests' time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import time
from collections import defaultdict

from flask import Flask
from flask.testing import FlaskClient

from quizapp import create_app
from quizapp.extensions import db

from .answer_loop import PASSWORD, _analyze, _fill, one_database, served_env
from .client import answer_form, login_form
from .phases import PHASES, timing_phases
from .reference_app import create_reference_app
from .statement_cpu import backend_cpu_by_statement

# Packages a profile row is charged to, first match wins (by the file's path).
PACKAGES = (
    ("bench client", "html/parser"),
    ("bench client", "/tests/bench/"),
    ("quizapp", "/quizapp/"),
    ("sqlalchemy", "/sqlalchemy/"),
    ("psycopg", "/psycopg"),
    ("sqlite3", "sqlite3"),
    ("jinja2", "/jinja2/"),
    ("markupsafe", "/markupsafe/"),
    ("flask_login", "/flask_login/"),
    ("flask_wtf", "/flask_wtf/"),
    ("wtforms", "/wtforms/"),
    ("flask_limiter", "/flask_limiter/"),
    ("limits", "/limits/"),
    ("flask_sqlalchemy", "/flask_sqlalchemy/"),
    ("flask", "/flask/"),
    ("werkzeug", "/werkzeug/"),
    ("itsdangerous", "/itsdangerous/"),
    ("fsrs", "/fsrs/"),
)


def _served_app(url: str) -> Flask:
    """The app as ``wsgi.py`` builds it under the answer loop's environment."""
    os.environ.update(served_env(url))
    return create_app()


def _logged_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    fields = login_form(client.get("/auth/login").get_data(as_text=True))
    response = client.post("/auth/login", data={**fields, "email": email, "password": PASSWORD})
    if response.status_code not in (302, 303):
        raise SystemExit(f"log-in failed: {response.status_code}")
    return client


class _Learner:
    """One learner's loop in-process; with ``scripts``, a card the feedback page carries
    is answered at once, as study.js shows it (see ``client``)."""

    def __init__(self, client: FlaskClient, scripts: bool) -> None:
        self.client, self.scripts = client, scripts
        self.page: str | None = None

    def answer(self, timings: dict[str, float]) -> None:
        """One "get the item (unless carried), answer it"; adds each request's wall and
        CPU seconds."""
        form = answer_form(self.page, self.scripts) if self.page else None
        if form is None:
            wall, cpu = time.perf_counter(), time.process_time()
            page = self.client.get("/study/").get_data(as_text=True)
            timings["GET /study/"] += time.perf_counter() - wall
            timings["GET /study/ CPU"] += time.process_time() - cpu
            form = answer_form(page, self.scripts)
        if form is None:
            raise SystemExit("the study page holds no answer form")
        wall, cpu = time.perf_counter(), time.process_time()
        response = self.client.post(form.action, data=form.fields)
        timings["POST /study/answer"] += time.perf_counter() - wall
        timings["POST /study/answer CPU"] += time.process_time() - cpu
        if response.status_code != 200:
            raise SystemExit(f"answer failed: {response.status_code}")
        self.page = response.get_data(as_text=True)


def _reference_answer(client: FlaskClient, timings: dict[str, float]) -> None:
    """The bare reference pair's "get the item, answer it", timed the same way."""
    cpu = time.process_time()
    client.get("/ref/item?learner=1")
    client.post("/ref/answer?learner=1", data={"item": "5", "choice": "0", "token": "x"})
    timings["reference answer CPU"] += time.process_time() - cpu


def _package(filename: str, function: str) -> str:
    if filename == "~":  # a C function: the database driver's calls are the database's
        return "database (C)" if "sqlite3" in function or "psycopg" in function else "builtins"
    return next((name for name, marker in PACKAGES if marker in filename), "other")


def _by_package(stats: pstats.Stats) -> dict[str, float]:
    """Own time (tottime) per package, in seconds."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        totals[_package(filename, function)] += row[2]
    return totals


def _print_phases(app: Flask, learner: _Learner, loops: int) -> None:
    """CPU per answer in each phase (``phases``), beside the whole answer's."""
    whole: dict[str, float] = defaultdict(float)
    with timing_phases(app) as phases:
        for _ in range(loops):
            learner.answer(whole)
    total = whole["GET /study/ CPU"] + whole["POST /study/answer CPU"]
    print(f"\nCPU per answer by phase (whole answer {total / loops * 1000:.2f} ms):")
    for _module, _name, label in PHASES:
        print(f"  {label:34} {phases[label] / loops * 1000:6.2f} ms")


def _print_statement_cpu(app: Flask, learner: _Learner, loops: int) -> None:
    """PostgreSQL's CPU per answer by statement, beside the whole answer's."""
    with app.app_context():
        engine = db.engine
    with backend_cpu_by_statement(engine) as totals:
        for _ in range(loops):
            learner.answer(defaultdict(float))
    whole = sum(totals.values())
    print(f"\nPostgreSQL CPU per answer by statement (all {whole / loops * 1000:.2f} ms):")
    for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {name:40} {seconds / loops * 1000:6.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loops", type=int, default=300)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--filter", default="", help="only rows whose function matches")
    parser.add_argument("--no-profile", action="store_true", help="only the timings")
    parser.add_argument("--phases", action="store_true", help="CPU per phase of an answer")
    parser.add_argument(
        "--statements", action="store_true", help="PostgreSQL's CPU per statement (--postgres)"
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="profile CPU time, not wall time (on PostgreSQL the waits for the server "
        "otherwise fill the profile)",
    )
    parser.add_argument(
        "--no-scripts", action="store_true", help="a browser without scripts (GET each card)"
    )
    options = parser.parse_args()
    with one_database(options.postgres) as url:
        emails = _fill(url, 1)
        app = _served_app(url)
        learner = _Learner(_logged_in(app, emails[0]), scripts=not options.no_scripts)
        warm: dict[str, float] = defaultdict(float)
        for _ in range(30):
            learner.answer(warm)
        # As the bench does after its warm-up: statistics of the tables as answered, not
        # as filled (on PostgreSQL the counts otherwise run on a plan for empty tables).
        _analyze(url)
        reference = create_reference_app(url).test_client()
        timings: dict[str, float] = defaultdict(float)
        for _ in range(options.loops):  # unprofiled, alternating with the reference
            learner.answer(timings)
            _reference_answer(reference, timings)
        for name, seconds in timings.items():
            print(f"{name}: {seconds / options.loops * 1000:.2f} ms (no profiler)")
        ours = timings["GET /study/ CPU"] + timings["POST /study/answer CPU"]
        print(f"CPU per answer, reference ÷ ours: {timings['reference answer CPU'] / ours:.2f}")
        if options.phases:
            _print_phases(app, learner, options.loops)
        if options.statements and options.postgres:
            _print_statement_cpu(app, learner, options.loops)
        if options.no_profile:
            return
        profiler = cProfile.Profile(time.process_time) if options.cpu else cProfile.Profile()
        profiler.enable()
        for _ in range(options.loops):
            learner.answer(defaultdict(float))
        profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    print(f"\nprofiled: {total / options.loops / 2 * 1000:.2f} ms per request (with profiler)")
    for name, seconds in sorted(_by_package(stats).items(), key=lambda item: -item[1]):
        print(f"  {name:16} {seconds / total:6.1%}")
    stats.sort_stats(options.sort)
    if options.filter:
        stats.print_stats(re.compile(options.filter).pattern, options.top)
    else:
        stats.print_stats(options.top)


if __name__ == "__main__":
    main()
