"""Tests of ``quizapp/ops/``: log lines, request ids, events and metrics."""
