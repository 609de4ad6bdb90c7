"""``make bench`` starts its servers and its tools the way its modules call them (a
broken import there shows only when the whole bench runs, which no other test does)."""

from __future__ import annotations

import httpx

from . import answer_loop, profile_loop
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
