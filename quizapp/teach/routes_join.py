"""Students join a class with its code: ``/join`` (type it) or ``/join/<code>`` (a link)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..auth.attempt_limits import limit_join_codes
from . import join_bp
from .forms import JoinForm
from .join_codes import JoinError, join_classroom


@join_bp.route("/", methods=["GET", "POST"])
@login_required
@limit_join_codes
def join() -> str | Response:
    form = JoinForm()
    if form.validate_on_submit():
        try:
            classroom = join_classroom(current_user, form.code.data or "")
        except JoinError as error:
            form.code.errors = [*form.code.errors, str(error)]
        else:
            flash(f"You joined {classroom.name}.", "success")
            return redirect(url_for("main.home"))
    return render_template("teach/join.html", form=form)


# A join link opened without a session: what the log-in (or sign-up) is for.
JOIN_NEEDS_AN_ACCOUNT = "To join the class, log in, or create an account if you are new here."


@join_bp.get("/<code>", strict_slashes=False)  # a link pasted with a slash after it
def join_link(code: str) -> str | Response:
    """A join link shows the form filled in; joining still takes a (CSRF-checked) click.
    Without a session it leads to the log-in, which says it is for joining a class (not
    Flask-Login's "see that page") and links the sign-up, both coming back here."""
    if not current_user.is_authenticated:
        flash(JOIN_NEEDS_AN_ACCOUNT, "info")
        return redirect(url_for("auth.login", next=url_for("join.join_link", code=code)))
    form = JoinForm(code=code)
    return render_template("teach/join.html", form=form)
