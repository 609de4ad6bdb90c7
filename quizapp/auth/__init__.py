"""Accounts: sign-up, log-in, log-out, settings, and the ``flask users`` commands."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from . import routes  # noqa: E402, F401
