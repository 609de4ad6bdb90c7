"""CPU time per phase of the answer loop: named functions of the app wrapped with timers.

cProfile's overhead distorts small functions; this charges each phase its own
``time.process_time`` with no profiler running, so the phases of an answer add up to
about its measured CPU. Phases nest (``study_card`` holds today's counts).
"""

from __future__ import annotations

import functools
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any

from flask import Flask

# (module, function, label): where the study page's and the answer's time goes. Each is
# wrapped where its caller looks it up (the module that imported it).
PHASES = (
    ("quizapp.auth.accounts", "load_user", "load the user (every request)"),
    ("quizapp.study.routes", "study_card", "GET: the card (study_card)"),
    ("quizapp.study.issued_items", "session_counts", "GET:   today's counts"),
    ("quizapp.study.issued_items", "choose_next_fact", "GET:   choose the next fact"),
    ("quizapp.study.issued_items", "store_new", "GET:   insert the item"),
    ("quizapp.study.issued_items", "commit_keeping_loaded", "GET:   commit"),
    ("quizapp.study.routes", "record_answer", "POST: record the answer"),
    ("quizapp.study.answers", "_move_memory", "POST:   move the memory (fsrs)"),
    ("quizapp.study.answers", "store_new", "POST:   insert state and review"),
    ("quizapp.study.answers", "commit_keeping_loaded", "POST:   commit"),
    ("quizapp.study.routes", "render_template", "render a page (both requests)"),
)


def _timed(function: Callable[..., Any], label: str, seconds: dict[str, float]) -> Any:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        began = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[label] += time.process_time() - began

    return timed


@contextmanager
def timing_phases(
    app: Flask, phases: tuple[tuple[str, str, str], ...] = PHASES
) -> Iterator[dict[str, float]]:
    """Within the block, CPU seconds spent in each phase accumulate in the dict yielded
    (by label); the functions are put back after it."""
    seconds: dict[str, float] = defaultdict(float)
    originals = []
    for module_name, name, label in phases:
        module = import_module(module_name)
        original = getattr(module, name)
        originals.append((module_name, module, name, original))
        _put(app, module_name, module, name, _timed(original, label, seconds))
    try:
        yield seconds
    finally:
        for module_name, module, name, original in reversed(originals):
            _put(app, module_name, module, name, original)


# Flask-Login calls the user loader it was given, not the module's name for it.
_USER_LOADER = ("quizapp.auth.accounts", "load_user")


def _put(app: Flask, module_name: str, module: Any, name: str, function: Any) -> None:
    setattr(module, name, function)
    if (module_name, name) == _USER_LOADER:
        app.login_manager.user_loader(function)  # type: ignore[attr-defined]
