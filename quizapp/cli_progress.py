"""Showing a long command's progress bar (``click.progressbar``) with nothing glued to it.

On a terminal click redraws the bar in place and ends its line only when the bar closes.
A log line written meanwhile (an export logs itself once its last row is out) would carry
on the bar's line, so while a bar is drawn the app's log lines wait and follow it, each on
its own line. Elsewhere (a file, a pipe) the bar is just its label on a line of its own,
and log lines are written as they come.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, TypeVar

import click

from .ops.logs import LOGGER_NAME

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar  # what click.progressbar returns

V = TypeVar("V")


@contextmanager
def showing(bar: ProgressBar[V]) -> Iterator[ProgressBar[V]]:
    """Draw ``bar`` (as ``click.progressbar`` made it) while the block runs."""
    with ExitStack() as stack:
        if not bar.hidden and _is_terminal(bar):
            stack.enter_context(_log_lines_held())  # left last: once the bar's line is ended
        yield stack.enter_context(bar)


@contextmanager
def drawn_from_first_report(label: str) -> Iterator[Callable[[int, int], None]]:
    """A report of (done, in all) that draws a bar from its first call on, for work that
    learns its size only once it starts (a database copy, its pages): work refused before
    then prints only why."""
    with ExitStack() as stack:
        bars: list[ProgressBar[int]] = []

        def report(done: int, total: int) -> None:
            if not bars:
                bars.append(
                    stack.enter_context(showing(click.progressbar(length=total, label=label)))
                )
            bars[0].update(done - bars[0].pos)

        yield report


def _is_terminal(bar: ProgressBar[V]) -> bool:
    isatty = getattr(bar.file, "isatty", None)
    return bool(isatty and isatty())


class _Held(logging.Handler):
    """Keeps the records it is given, in order, to be handled later."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _log_lines_held() -> Iterator[None]:
    """The app's log records wait in order, and go to its own handlers on leaving (also
    when the block fails, so a failure's log line is never lost)."""
    logger = logging.getLogger(LOGGER_NAME)
    handlers, held = logger.handlers, _Held()
    logger.handlers = [held]
    try:
        yield
    finally:
        logger.handlers = handlers
        for record in held.records:
            logger.handle(record)
