"""A teacher's own bank as a whole: rename it, or delete it while nobody else uses it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.attempt_limits import limit_password_checks
from ..auth.forms import deletion_confirmation
from . import bp
from .access import editable_bank_or_abort
from .bank_settings import (
    BankDeletionRefused,
    create_bank,
    delete_bank,
    deletion_blockers,
    rename_bank,
)
from .forms import BankDetailsForm, NewBankForm, refused_or_ok


@bp.route("/banks/new", methods=["GET", "POST"])
def new_bank() -> str | tuple[str, int] | Response:
    """A bank made by hand: a name first, then its facts in the editor."""
    form = NewBankForm()
    if form.validate_on_submit():
        bank, created = create_bank(
            current_user, form.title.data or "", form.description.data or ""
        )
        if created:
            flash(f"{bank.title} is ready: add its first fact.", "success")
        else:
            flash(f"You already have a bank named {bank.title}: here it is.", "info")
        return redirect(url_for("teach.bank", slug=bank.slug))
    return refused_or_ok(render_template("teach/new_bank.html", form=form), form)


@bp.route("/banks/<slug>/settings", methods=["GET", "POST"])
def bank_settings(slug: str) -> str | tuple[str, int] | Response:
    bank = editable_bank_or_abort(current_user, slug)
    form = BankDetailsForm(obj=bank)
    if form.validate_on_submit():
        rename_bank(bank, form.title.data or "", form.description.data or "")
        flash(f"Saved. The bank is now called {bank.title}.", "success")
        return redirect(url_for("teach.bank", slug=bank.slug))
    page = render_template(
        "teach/bank_settings.html", bank=bank, form=form, blockers=deletion_blockers(bank)
    )
    return refused_or_ok(page, form)


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
