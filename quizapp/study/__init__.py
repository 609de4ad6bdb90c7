"""Studying: spaced-repetition sessions (``/study``) and scored quizzes (``/quiz``)."""

from flask import Blueprint

bp = Blueprint("study", __name__)

from . import home, routes  # noqa: E402, F401
