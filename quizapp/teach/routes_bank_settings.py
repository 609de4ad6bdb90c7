"""A teacher's own bank as a whole: rename it, or delete it while nobody else uses it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.attempt_limits import limit_password_checks
from ..auth.forms import deletion_confirmation
from . import bp
from .access import editable_bank_or_abort
from .bank_settings import BankDeletionRefused, delete_bank, deletion_blockers, rename_bank
from .forms import BankDetailsForm


@bp.route("/banks/<slug>/settings", methods=["GET", "POST"])
def bank_settings(slug: str) -> str | Response:
    bank = editable_bank_or_abort(current_user, slug)
    form = BankDetailsForm(obj=bank)
    if form.validate_on_submit():
        rename_bank(bank, form.title.data or "", form.description.data or "")
        flash(f"Saved. The bank is now called {bank.title}.", "success")
        return redirect(url_for("teach.bank", slug=bank.slug))
    return render_template(
        "teach/bank_settings.html", bank=bank, form=form, blockers=deletion_blockers(bank)
    )


@bp.route("/banks/<slug>/delete", methods=["GET", "POST"])
@limit_password_checks
def delete_bank_page(slug: str) -> str | Response:
    bank = editable_bank_or_abort(current_user, slug)
    form = deletion_confirmation(current_user, bank.title)
    if form.confirmed_by(current_user):
        title = bank.title
        try:
            delete_bank(bank)
        except BankDeletionRefused as refused:
            flash(f"{title} was not deleted. {refused}", "error")
            return redirect(url_for("teach.bank_settings", slug=slug))
        flash(f"The bank {title} is deleted.", "success")
        return redirect(url_for("teach.banks"))
    return render_template(
        "teach/delete_bank.html", bank=bank, form=form, blockers=deletion_blockers(bank)
    )
