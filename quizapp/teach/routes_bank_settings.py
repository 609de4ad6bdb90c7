"""A teacher's own bank as a whole: rename it, or delete it while nobody else uses it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.accounts import password_matches
from ..auth.forms import PasswordConfirmForm
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
def delete_bank_page(slug: str) -> str | Response:
    bank = editable_bank_or_abort(current_user, slug)
    form = PasswordConfirmForm()
    if form.validate_on_submit():
        if password_matches(current_user, form.confirm_password.data or ""):
            title = bank.title
            try:
                delete_bank(bank)
            except BankDeletionRefused as refused:
                flash(f"{title} was not deleted. {refused}", "error")
                return redirect(url_for("teach.bank_settings", slug=slug))
            flash(f"The bank {title} is deleted.", "success")
            return redirect(url_for("teach.banks"))
        form.confirm_password.errors = [
            *form.confirm_password.errors,
            "That is not your password. Nothing was deleted.",
        ]
    return render_template(
        "teach/delete_bank.html", bank=bank, form=form, blockers=deletion_blockers(bank)
    )
