from __future__ import annotations

from flask import Response, jsonify, render_template
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter
from ..study.nav_count import nav_counts
from ..timeutil import now_utc
from . import bp
from .health import MISSING_FILE_FIX, database_file_missing, schema_state
from .home import student_home, teacher_home


@bp.get("/")
def home() -> str:
    """A landing page for visitors; a role-fitting home for learners and teachers."""
    if not current_user.is_authenticated:
        return render_template("main/landing.html")
    user = current_user._get_current_object()
    now = now_utc()
    if user.is_teacher:
        return render_template(
            "main/home_teacher.html", home=teacher_home(user, now), **nav_counts(user, now)
        )
    return render_template(
        "main/home_student.html", home=student_home(user, now), **nav_counts(user, now)
    )


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[Response, int]:
    """For load balancers: 200 after a database round trip that finds the schema this code
    needs; 503 when the database does not answer, was not migrated or is not quizapp's
    (``health.py``), or is a SQLite file that does not exist (it is not created)."""
    if database_file_missing():
        return jsonify(status="unavailable", database="missing", fix=MISSING_FILE_FIX), 503
    try:
        schema = schema_state()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="down"), 503
    if not schema.serves:
        return jsonify(
            status="unavailable", database="ok", schema=schema.value, fix=schema.fix
        ), 503
    return jsonify(status="ok", database="ok", schema=schema.value), 200
