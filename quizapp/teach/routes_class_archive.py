"""Archiving a class at a term's end (a question first), the archived classes' page, and
restoring one. Any teacher of the class may do each: archiving deletes nothing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..timeutil import now_utc
from . import bp
from .access import teacher_classroom_or_404
from .archive import ClassArchived, archive_classroom, restore_classroom
from .classes import teacher_classrooms
from .forms import ButtonForm
from .removal_questions import archiving_class


@bp.app_errorhandler(ClassArchived)
def class_archived(error: ClassArchived) -> Response:
    """A change refused because its class is archived: back to the class's page (which
    says it is archived and offers to restore it), saying so."""
    flash(str(error), "error")
    return redirect(url_for("teach.classroom", classroom_id=error.classroom_id))


@bp.get("/classes/archived")
def archived_classes() -> str:
    return render_template(
        "teach/archived_classes.html",
        classrooms=teacher_classrooms(current_user, archived=True),
        button=ButtonForm(),
    )


@bp.get("/classes/<int:classroom_id>/archive")
def ask_to_archive(classroom_id: int) -> str | Response:
    """The class page's "Archive this class…": a question saying what changes for whom."""
    room = teacher_classroom_or_404(current_user, classroom_id)
    if room.archived_at is not None:
        flash(f"{room.name} was already archived.", "info")
        return redirect(url_for("teach.classroom", classroom_id=room.id))
    back = url_for("teach.classroom", classroom_id=room.id)
    return render_template(
        "teach/confirm.html", question=archiving_class(room), back=back, button=ButtonForm()
    )


@bp.post("/classes/<int:classroom_id>/archive")
def archive(classroom_id: int) -> Response:
    room = teacher_classroom_or_404(current_user, classroom_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    name = room.name
    if not archive_classroom(room, now_utc()):
        flash(f"{name} was already archived.", "info")
        return redirect(url_for("teach.classroom", classroom_id=classroom_id))
    flash(f"{name} is archived. Restore it here whenever you need it again.", "success")
    return redirect(url_for("teach.archived_classes"))


@bp.post("/classes/<int:classroom_id>/restore")
def restore(classroom_id: int) -> Response:
    room = teacher_classroom_or_404(current_user, classroom_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    name = room.name
    if restore_classroom(room):
        flash(f"{name} is restored: it is back on your lists, and its join code works.", "success")
    else:
        flash(f"{name} is not archived.", "info")
    return redirect(url_for("teach.classroom", classroom_id=classroom_id))
