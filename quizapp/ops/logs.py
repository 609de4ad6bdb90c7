"""Logging configured once, in the factory: one handler on the ``quizapp`` logger.

Every module logs with ``logging.getLogger(__name__)`` (so under ``quizapp.``) and every
event goes through ``log_event``: a name and a few fields, rendered only when the line is
written. Two renderings, chosen by ``LOG_FORMAT``:

* ``plain`` (default), one line for a person reading a terminal::

    2026-11-26T00:31:07.412Z INFO quizapp.request [5f1c2a9e0b7d4c38] request method=GET ...

* ``json``, one JSON object per line for a log collector: the event's name as ``event``
  and its fields as top-level keys.

Values a user typed are quoted (``"..."`` with escapes), so a newline in a path or a file
name cannot forge a second line. What may be logged is decided where ``log_event`` is
called; ``ops/events.py`` holds those calls, and no answer, password, token, CSRF value or
cookie is ever passed to it.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import sys
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, TextIO

from flask import g, has_app_context
from pythonjsonlogger.json import JsonFormatter

LOGGER_NAME = "quizapp"
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]
LOG_FORMATS = ("plain", "json")
# A value printed bare in plain lines; anything else is JSON-quoted.
_BARE = re.compile(r"[\w.,:/@+<>=-]*\Z")


def request_id() -> str:
    """The current request's id (``-`` outside a request, e.g. in a CLI command)."""
    if has_app_context():
        return str(g.get("request_id", "-"))
    return "-"


class _RequestIdFilter(logging.Filter):
    """Stamps every record with the request it belongs to."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when the line is written (gunicorn's, the
    command line's, a test's capture), never to a stream that has since been closed."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> TextIO:
        return sys.stderr


@functools.lru_cache(maxsize=4)
def _utc_second(second: int) -> str:
    return datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _utc_time(record: logging.LogRecord) -> str:
    """ISO 8601 in UTC to the millisecond; the date part is formatted once a second."""
    second = int(record.created)
    return f"{_utc_second(second)}.{int((record.created - second) * 1000):03d}Z"


def _plain_value(value: object) -> str:
    if value is None:
        return "-"
    text = str(value)
    return text if _BARE.match(text) else json.dumps(text, ensure_ascii=False)


def event_fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = getattr(record, "fields", None) or {}
    return fields


class PlainFormatter(logging.Formatter):
    """``time LEVEL logger [request id] message key=value ...``, then any traceback."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _utc_time(record)

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        fields = event_fields(record)
        if not fields:
            return line
        return line + "".join(f" {key}={_plain_value(value)}" for key, value in fields.items())


# The LogRecord attributes that are not fields of an event.
_RESERVED = [*vars(logging.LogRecord("", 0, "", 0, "", None, None)), "message", "asctime"]


class JsonLinesFormatter(JsonFormatter):
    """One JSON object per line: time, level, logger, request_id, message, the event's
    fields, and ``exc_info`` (the traceback) for failures."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            reserved_attrs=[*_RESERVED, "fields", "request_id"],
            json_ensure_ascii=False,
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _utc_time(record)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        fields = event_fields(record)
        if fields:
            log_data["event"] = record.msg
            log_data.update(fields)


def configure_logging(log_format: str, level: str) -> None:
    """Give the ``quizapp`` logger its one handler (made once per process, its format
    set by each app the process creates) and keep its lines out of the root logger."""
    if log_format not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}.")
    logger = logging.getLogger(LOGGER_NAME)
    handler = next((h for h in logger.handlers if isinstance(h, _StderrHandler)), None)
    if handler is None:
        handler = _StderrHandler()
        handler.addFilter(_RequestIdFilter())
        logger.addHandler(handler)
    handler.setFormatter(JsonLinesFormatter() if log_format == "json" else PlainFormatter())
    logger.setLevel(level.upper())
    logger.propagate = False


def log_event(
    logger: logging.Logger,
    event: str,
    level: int = logging.INFO,
    exc_info: ExcInfo | None = None,
    /,
    **fields: object,
) -> None:
    """Log ``event`` with its fields (and a traceback with ``exc_info``); nothing is
    formatted unless the line is written. The first four are positional, so any name
    can be a field."""
    if logger.isEnabledFor(level):
        # The record is made directly: logging's search of the stack for the caller's
        # file and line (which no format here prints) would be most of the cost.
        record = logger.makeRecord(
            logger.name, level, "", 0, event, (), exc_info, extra={"fields": fields}
        )
        logger.handle(record)
