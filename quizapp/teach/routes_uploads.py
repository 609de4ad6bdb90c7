"""Upload a question set, preview every question and problem, then import it all or nothing."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..capabilities import NotFound
from ..importers.save import ImportRefused
from ..importers.text import UploadError
from ..media.references import point_images_at, preview_prefix
from ..models import Bank, PendingUpload
from . import bp
from .access import teacher_bank_or_404, teacher_classroom_or_404
from .bank_size import bank_size
from .forms import FORM_REFUSED, AssignToClassForm, ButtonForm, UploadForm
from .routes_classes import (
    assign_to_class_form,
    quiz_fits,
    refuse_archived_choice,
    save_assignment,
)
from .upload_changes import LISTED, changes_to_bank
from .uploads import (
    discard_pending,
    import_pending,
    own_pending_or_404,
    pending_bank_title,
    pending_to_change,
    preview_pending,
    store_upload,
    upload_token,
)

# Every problem is always listed; the question list stops here so a 5 MB file still
# gives a page a browser opens quickly.
PREVIEW_LIMIT = 500
NO_LONGER_WAITING = "That upload is no longer waiting: it was imported or discarded."


@bp.route("/uploads/new", methods=["GET", "POST"])
def upload() -> str | Response:
    form = UploadForm()
    if form.validate_on_submit():
        file = form.file.data
        assert file is not None  # FileRequired refuses a form without a file
        try:
            pending = store_upload(
                current_user,
                file.filename or "upload.txt",
                file.read(),
                form.bank_title.data or "",
                form.format.data or None,
                form.separators(),
            )
        except UploadError as error:
            form.file.errors = [*form.file.errors, str(error)]
        else:
            return redirect(url_for("teach.preview_upload", pending_id=pending.id))
    return render_template("teach/upload.html", form=form)


@bp.get("/uploads/<int:pending_id>")
def preview_upload(pending_id: int) -> str:
    pending = own_pending_or_404(current_user, pending_id)
    parsed = preview_pending(pending)
    point_images_at(parsed, preview_prefix(pending.id))
    changes = None if parsed.errors else changes_to_bank(current_user, pending.bank_title, parsed)
    return render_template(
        "teach/preview.html",
        pending=pending,
        parsed=parsed,
        bank_title=changes.bank.title if changes else pending_bank_title(pending, parsed),
        changes=changes,
        listed=LISTED,
        button=ButtonForm(),
        token=upload_token(pending),
        preview_limit=PREVIEW_LIMIT,
    )


def _still_waiting(pending_id: int) -> PendingUpload | None:
    """The teacher's upload, locked for its import or discard; None, said in a flash,
    when it is gone. That is most often the second press of the button (a double click),
    whose answer is the page the browser shows: the first press did what was asked.
    Another teacher's upload reads the same, so nothing is told of it, and so does a later
    upload that took the id of the one an old preview tab shows (its ``upload`` token)."""
    try:
        return pending_to_change(current_user, pending_id, request.args.get("upload"))
    except NotFound:
        flash(NO_LONGER_WAITING, "info")
        return None


@bp.post("/uploads/<int:pending_id>/import")
def import_upload(pending_id: int) -> Response:
    pending = _still_waiting(pending_id)
    if pending is None:
        return redirect(url_for("teach.banks"))
    if not ButtonForm().validate_on_submit():
        return redirect(url_for("teach.preview_upload", pending_id=pending_id))
    try:
        summary = import_pending(current_user, pending)
    except ImportRefused as error:
        flash(str(error), "error")
        return redirect(url_for("teach.preview_upload", pending_id=pending_id))
    flash(str(summary), "success")
    return redirect(url_for("teach.imported", slug=summary.bank.slug))


@bp.get("/banks/<slug>/imported")
def imported(slug: str) -> str:
    """After an import: how much came in, then the next steps (assign it, or review it)."""
    bank = teacher_bank_or_404(current_user, slug)
    return _imported_page(bank, *assign_to_class_form())


def _imported_page(bank: Bank, assign_form: AssignToClassForm, has_classes: bool) -> str:
    return render_template(
        "teach/imported.html",
        bank=bank,
        size=bank_size(bank),
        assign_form=assign_form,
        has_classes=has_classes,
    )


@bp.post("/banks/<slug>/assign")
def assign_to_class(slug: str) -> tuple[str, int] | Response:
    """The after-import summary's form: assign the bank to one of the teacher's classes.
    A refused form comes back on that page with what was typed."""
    bank = teacher_bank_or_404(current_user, slug)
    form, has_classes = assign_to_class_form()
    if not (form.validate_on_submit() and quiz_fits(form, bank)):
        refuse_archived_choice(form)
        return _imported_page(bank, form, has_classes), FORM_REFUSED
    room = teacher_classroom_or_404(current_user, form.classroom_id.data)
    save_assignment(form, room, bank)
    return redirect(url_for("teach.classroom", classroom_id=room.id))


@bp.post("/uploads/<int:pending_id>/cancel")
def cancel_upload(pending_id: int) -> Response:
    pending = _still_waiting(pending_id)
    if pending is not None and ButtonForm().validate_on_submit():
        discard_pending(pending)
        flash("Upload discarded; nothing was imported.", "success")
    return redirect(url_for("teach.upload"))
