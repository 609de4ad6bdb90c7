"""Question banks as pages: the list a user may study and each bank's source page."""

from flask import Blueprint

bp = Blueprint("banks", __name__, url_prefix="/banks")

from . import routes  # noqa: E402, F401
