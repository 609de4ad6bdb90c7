"""Teach → Invite a teacher: single-use codes for colleagues' teacher accounts."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ..auth.invites import DEFAULT_INVITE_DAYS, create_invite, open_invites, teacher_signup_mode
from . import bp
from .forms import ButtonForm


@bp.get("/invites")
def invites() -> str:
    return render_template(
        "teach/invites.html",
        invites=open_invites(current_user),
        mode=teacher_signup_mode().value,
        days=DEFAULT_INVITE_DAYS,
        button=ButtonForm(),
    )


@bp.post("/invites")
def new_invite() -> Response:
    if ButtonForm().validate_on_submit():
        code, invite = create_invite(current_user)
        flash(
            f"Invite code {code} — give it to your colleague. It works once and expires on "
            f"{invite.expires_at:%d %B %Y} (UTC). It will not be shown again.",
            "success",
        )
    return redirect(url_for("teach.invites"))
