from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from ..extensions import limiter
from ..forms import safe_next_url
from . import bp
from .accounts import AccountError, authenticate, create_user
from .forms import LoginForm, LogoutForm, SignupForm


def _login_rate_limit() -> str:
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


def _start_session(user: object) -> None:
    """Log in with a fresh session so an identifier planted before log-in is worthless."""
    session.clear()
    login_user(user)  # type: ignore[arg-type]


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def signup() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                form.email.data or "",
                form.password.data or "",
                display_name=form.display_name.data or "",
                role=form.role.data or "student",
            )
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            _start_session(user)
            flash(f"Welcome, {user.display_name}! Your account is ready.", "success")
            return redirect(url_for("main.home"))
    return render_template("auth/signup.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            flash("That email and password do not match an account.", "error")
        else:
            _start_session(user)
            return redirect(safe_next_url(url_for("main.home")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    if LogoutForm().validate_on_submit():
        logout_user()
        session.clear()
        flash("You are logged out.", "success")
    return redirect(url_for("main.home"))
