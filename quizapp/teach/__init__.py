"""The teacher workspace (``/teach``): classes, uploads, bank editing and export.

Every page is for teachers only: visitors are sent to log in, students get 403.
Students join classes through the small ``join`` blueprint (``/join``).
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..extensions import login_manager

bp = Blueprint("teach", __name__, url_prefix="/teach")
join_bp = Blueprint("join", __name__, url_prefix="/join")


@bp.before_request
def teachers_only() -> ResponseReturnValue | None:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_teacher:
        abort(403)
    return None


from . import (  # noqa: E402, F401
    routes_bank_settings,
    routes_banks,
    routes_class_archive,
    routes_class_deletion,
    routes_classes,
    routes_invites,
    routes_join,
    routes_uploads,
    template_filters,
)
