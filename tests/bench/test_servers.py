"""``make bench`` starts its servers and its tools the way its modules call them (a
broken import there shows only when the whole bench runs, which no other test does)."""

from __future__ import annotations

import httpx

from . import answer_loop, profile_loop, sample_workers
from .reference_app import create_tables


def test_the_answer_loops_reference_server_starts_answers_and_stops(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    create_tables(url)
    env = {"REFERENCE_DATABASE_URL": url}
    with answer_loop.gunicorn("tests.bench.reference_app:app", env, "/ref/health") as base:
        assert httpx.get(base + "/ref/health").status_code == 200
    try:
        httpx.get(base + "/ref/health", timeout=1)
    except httpx.HTTPError:
        pass  # stopped, as it should be
    else:
        raise AssertionError("the server still answers after its block ended")


def test_the_in_process_profile_charges_each_function_to_its_package():
    site = "/work/.venv/lib/python3.11/site-packages"
    assert profile_loop._package(f"{site}/sqlalchemy/orm/loading.py", "f") == "sqlalchemy"
    assert profile_loop._package("/work/main/quizapp/study/queue.py", "f") == "quizapp"
    assert profile_loop._package("~", "<method 'execute' of 'sqlite3.Cursor'>") == "database (C)"
    assert profile_loop._package("~", "<built-in method builtins.len>") == "builtins"


def busy_phase() -> int:
    """A phase that takes measurable CPU (looked up through this module, as app code is)."""
    return sum(number * number for number in range(200_000))


def test_the_phase_timer_charges_a_phase_and_puts_the_function_back():
    import sys

    from flask import Flask

    from .phases import PHASES, timing_phases

    module = sys.modules[__name__]
    original = module.busy_phase
    with timing_phases(Flask(__name__), ((__name__, "busy_phase", "busy"),)) as seconds:
        module.busy_phase()
        assert module.busy_phase is not original
    assert seconds["busy"] > 0
    assert module.busy_phase is original
    for module_name, name, _label in PHASES:  # every phase names a function that exists
        assert callable(getattr(__import__(module_name, fromlist=[name]), name)), name


def test_the_worker_sample_charges_each_busy_stack_to_the_parts_on_it():
    """py-spy's raw lines, outermost frame first: the master and idle workers are left
    out, a stack counts for every part it passes through, and a statement executing
    counts only at the top of the stack."""
    request = "SyncWorker.handle_request (gunicorn/workers/sync.py:184)"
    app = "Flask.wsgi_app (flask/app.py:1511)"
    study = "session (quizapp/study/routes.py:124)"
    counts = "session_counts (quizapp/study/queue.py:358)"
    execute = "DefaultDialect.do_execute (sqlalchemy/engine/default.py:1192)"
    lines = [
        "process 1;Arbiter.run (gunicorn/arbiter.py:247) 50",
        "process 2;SyncWorker.accept (gunicorn/workers/sync.py:30) 40",
        f"process 2;{request};{app};{study};{counts};{execute} 3",
        f"process 3;{request};{app};{study};render_template (flask/templating.py:150) 1",
        f"process 3;{request};{app};answer (quizapp/study/routes.py:206) 4",
        f"process 4;{request};gunicorn write (gunicorn/util.py:300) 2",
    ]
    waiting = "Connection.wait (psycopg/connection.py:495)"
    on_postgres = sample_workers.shares([*lines, f"process 4;{request};{app};{waiting} 10"])
    assert on_postgres[sample_workers.WAITING_LABEL] == 0.5
    found = sample_workers.shares(lines)
    assert found["the Flask app, all of it"] == 0.8
    assert found["the study page (GET /study/)"] == 0.4
    assert found["  today's counts"] == 0.3
    assert found["rendering the pages"] == 0.1
    assert found["the answer (POST /study/answer)"] == 0.4
    assert found[sample_workers.EXECUTING_LABEL] == 0.3
    assert sample_workers.shares([]) == {}
