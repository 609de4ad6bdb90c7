"""Deleting a class: a confirmation page that asks for the owner's password (or, for an
account the LMS made without one, the class's name: ``auth.forms.deletion_confirmation``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.attempt_limits import limit_password_checks
from ..auth.forms import deletion_confirmation
from ..deletion import delete_classroom
from ..lti.cleanup import from_lms_course
from ..lti.outbox import class_grades
from . import bp
from .access import owned_classroom_or_404
from .classes import classroom_students


@bp.route("/classes/<int:classroom_id>/delete", methods=["GET", "POST"])
@limit_password_checks
def delete_class(classroom_id: int) -> str | Response:
    room = owned_classroom_or_404(current_user, classroom_id)
    form = deletion_confirmation(current_user, room.name)
    if form.confirmed_by(current_user):
        name = room.name
        delete_classroom(room)
        flash(f"Class {name} is deleted. Its students keep their own study data.", "success")
        return redirect(url_for("teach.classes"))
    grades = class_grades(room.id)
    return render_template(
        "teach/delete_class.html",
        classroom=room,
        students=len(classroom_students(room)),
        form=form,
        unsent_scores=(grades.waiting + grades.stopped) if grades else 0,
        from_lms=from_lms_course(room),
    )
