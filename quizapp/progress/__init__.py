"""Progress: the learner's dashboard, a teacher's class dashboards, and results as CSV.

The views (``routes``) are attached by ``create_app`` importing ``progress.routes``, not
here: capability code elsewhere (deleting an account) reads this package's figures, and
must not pull in the views, which ask ``teach.access`` who may see a class.
"""

from flask import Blueprint

bp = Blueprint("progress", __name__, url_prefix="/progress")
