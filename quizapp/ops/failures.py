"""The app class: Flask, except that a request that fails logs its traceback as an event
of that request (its id, method and path with secrets named), not Flask's bare line."""

from __future__ import annotations

import logging

from flask import Flask, request

from .logs import ExcInfo, log_event
from .request_telemetry import loggable_path

log = logging.getLogger("quizapp.failure")


class QuizApp(Flask):
    def log_exception(self, exc_info: ExcInfo) -> None:
        log_event(
            log,
            "request.failed",
            logging.ERROR,
            exc_info,
            method=request.method,
            path=loggable_path(request),
        )
