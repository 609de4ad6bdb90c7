"""Studying: spaced-repetition sessions (``/study``) and scored quizzes (``/quiz``)."""

from flask import Blueprint

bp = Blueprint("study", __name__)

from . import routes  # noqa: E402, F401
