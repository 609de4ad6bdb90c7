"""Pages everyone shares: the home page, the health check, the favicon and the manifest."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from . import app_files, routes  # noqa: E402, F401
