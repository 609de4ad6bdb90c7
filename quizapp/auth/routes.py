from __future__ import annotations

from flask import (
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from ..deletion import DeletionRefused, delete_learner_account
from ..extensions import login_manager
from ..lti import framing
from ..models import User
from ..ops import events
from . import bp
from .accounts import (
    AccountError,
    authenticate,
    change_email,
    change_password,
    repeated_password_change,
    sign_up,
)
from .attempt_limits import limit_log_in, limit_password_checks, limit_sign_up
from .forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    LoginForm,
    LogoutEverywhereForm,
    LogoutForm,
    NameConfirmForm,
    PasswordConfirmForm,
    SetPasswordForm,
    SignupForm,
    deletion_confirmation,
    email_form,
    password_form,
)
from .invites import teacher_signup_mode
from .lms_accounts import ACCOUNT_DELETION_PHRASE, set_first_password
from .redirects import safe_next_url
from .sessions import LOGGED_OUT_HERE, log_out, start_session
from .unsent_forms import SEND_IT_NOW, UnsentForm, send_again_page, unsent_form_carried


def show_error(form: FlaskForm, error: AccountError) -> None:
    """Put the error under the field it is about (the email field if the form lacks it)."""
    field = form._fields.get(error.field) or form._fields.get("email") or form._fields["password"]
    field.errors = [*field.errors, str(error)]


@bp.route("/signup", methods=["GET", "POST"])
@limit_sign_up
def signup() -> str | Response:
    if current_user.is_authenticated:
        return _logged_in_meanwhile(None)
    form = SignupForm()
    if form.validate_on_submit():
        try:
            signed_up = sign_up(
                form.email.data or "",
                form.password.data or "",
                display_name=form.display_name.data or "",
                role=form.role.data or "student",
                invite_code=form.invite_code.data or "",
                time_zone=form.time_zone.data or "",
            )
        except AccountError as error:
            show_error(form, error)
        else:
            user = signed_up.user
            start_session(user)
            if signed_up.made_here:
                events.signed_up(user.id, user.role)
            else:
                events.login_succeeded(user.id)
            if signed_up.is_new:
                flash(f"Welcome, {user.display_name}! Your account is ready.", "success")
            else:
                flash(
                    f"Welcome back, {user.display_name}. You already had an account with "
                    "this email, so you are logged in.",
                    "success",
                )
            # The page the log-in was asked for (a class's join link), when it was.
            return redirect(safe_next_url(url_for("main.home")))
    return _signup_page(form)


def _signup_page(form: SignupForm) -> str:
    return render_template(
        "auth/signup.html", form=form, teacher_signup=teacher_signup_mode().value
    )


@bp.route("/login", methods=["GET", "POST"])
@limit_log_in
def login() -> str | Response:
    unsent = unsent_form_carried(request.form)
    home = url_for("main.home")
    if current_user.is_authenticated:
        return _logged_in_meanwhile(unsent)
    form = LoginForm()
    if not form.is_submitted():
        form.next.data = request.args.get("next", "")  # carried by the form's one next field
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            events.login_failed(form.email.data or "")
            flash("That email and password do not match an account.", "error")
        else:
            start_session(user)
            events.login_succeeded(user.id)
            if unsent is not None:
                return send_again_page(unsent, safe_next_url(home), SEND_IT_NOW)
            return redirect(safe_next_url(home))
    return render_template("auth/login.html", form=form, unsent=unsent)


def _logged_in_meanwhile(unsent: UnsentForm | None) -> str | Response:
    """The log-in or sign-up page of someone logged in (meanwhile, in another tab): the
    form it carries, ready to send, else the page the log-in was asked for."""
    then = safe_next_url(url_for("main.home"))
    if unsent is not None:
        return send_again_page(unsent, then, SEND_IT_NOW)
    return redirect(then)


# A log-in or sign-up page whose session ended while it was open (a log-out in another
# tab), so its form's CSRF token no longer matches.
EXPIRED_PAGE = (
    "That page had expired (it was open while you logged in or out elsewhere), so the "
    "form was not sent. What you typed is kept, except the password: type it again."
)


# The same form sent with no cookie at all: most often a browser that keeps none.
NO_COOKIE = (
    "Your browser sent no cookie with that form, so it could not be checked and was not "
    "sent. If this happens again, allow cookies for this site: quizapp needs one to keep "
    "you logged in. What you typed is kept, except the password: type it again."
)


def expired_visitor_form() -> tuple[str, int] | Response:
    """The log-in or sign-up form sent from a page that expired, shown again as it was
    typed (a password is never written into a page) with a fresh token. "Reload the page"
    could not help: reloading sends the same expired form again."""
    unsent = unsent_form_carried(request.form)
    if current_user.is_authenticated:
        return make_response(_logged_in_meanwhile(unsent))
    sent_a_cookie = current_app.config["SESSION_COOKIE_NAME"] in request.cookies
    flash(EXPIRED_PAGE if sent_a_cookie else NO_COOKIE, "error")
    if request.endpoint == "auth.signup":
        return _signup_page(SignupForm()), 400
    return render_template("auth/login.html", form=LoginForm(), unsent=unsent), 400


@bp.post("/logout")
@login_required
def logout() -> Response:
    return _log_out(LogoutForm(), LOGGED_OUT_HERE, "main.home")


def _user() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _log_out(form: FlaskForm, message: str, then: str) -> Response:
    """Log out here and make every copy of this user's session cookies worthless."""
    if form.validate_on_submit():
        log_out(_user())
        flash(message, "success")
    return redirect(url_for(then))


@bp.get("/account")
@login_required
def account() -> str:
    """Account settings: change (or set a first) password, log out everywhere."""
    return _account_page()


def _account_page(
    shown_password_form: ChangePasswordForm | SetPasswordForm | None = None,
    delete_form: PasswordConfirmForm | NameConfirmForm | None = None,
    shown_email_form: ChangeEmailForm | None = None,
) -> str:
    """The page with the forms sent back (and their errors), fresh ones for the rest."""
    user = _user()
    return render_template(
        "auth/account.html",
        password_form=shown_password_form or password_form(user, fresh=True),
        email_form=shown_email_form or email_form(user, fresh=True),
        everywhere_form=LogoutEverywhereForm(),
        delete_form=delete_form or deletion_confirmation(user, ACCOUNT_DELETION_PHRASE, fresh=True),
    )


PASSWORD_CHANGED = "Your password is changed. Other devices are logged out."
PASSWORD_SET = (
    "Your password is set. You can also log in without the LMS, with your email and this "
    "password. Other devices are logged out."
)


@bp.post("/account/password")
@limit_password_checks
def password() -> ResponseReturnValue:
    """Change the password (the current one is asked), or set an LMS-made account's
    first one (in a session the LMS started: ``lms_accounts``)."""
    if not current_user.is_authenticated:
        # The form sent twice: the second click carries the session the first one ended.
        # Only the new password is needed to recognise it, whichever form it was.
        again = SetPasswordForm()
        repeated = again.validate_on_submit() and repeated_password_change(
            again.password.data or ""
        )
        if not repeated:
            return login_manager.unauthorized()
        start_session(repeated)
        flash(PASSWORD_CHANGED, "success")
        return redirect(url_for("auth.account"))
    user = _user()
    form = password_form(user)
    if form.validate_on_submit():
        try:
            done = _take_new_password(user, form)
        except AccountError as error:
            show_error(form, error)
        else:
            flash(done, "success")
            return redirect(url_for("auth.account"))
    return _account_page(form)


def _take_new_password(user: User, form: ChangePasswordForm | SetPasswordForm) -> str:
    """Change or set the password as the form asks, keep this browser logged in (every
    other one is out) and say what happened; raise ``AccountError`` if refused.

    A first password is set in a tab beside the LMS's frame, which shares this session:
    the LMS's marker is kept, so that frame keeps its cookie (``framing.kept_over_restart``)."""
    new = form.password.data or ""
    if isinstance(form, ChangePasswordForm):
        change_password(user, form.current.data or "", new)
        start_session(user)
        return PASSWORD_CHANGED
    lms_frame = framing.kept_over_restart()
    set_first_password(user, new)
    start_session(user)
    framing.restore(lms_frame)
    return PASSWORD_SET


@bp.post("/account/email")
@login_required
@limit_password_checks
def email() -> str | Response:
    """Change the email the account logs in with (the password is asked)."""
    user = _user()
    form = email_form(user)
    if form is None:  # no password of its own yet: the page offers no such form
        flash("Set a password first; then you can change your email.", "error")
        return redirect(url_for("auth.account"))
    if form.validate_on_submit():
        try:
            changed = change_email(user, form.email.data or "", form.current_password.data or "")
        except AccountError as error:
            show_error(form, error)
        else:
            if changed:
                flash(f"Your email is changed: log in with {user.email} from now on.", "success")
            else:
                flash(f"You already log in with {user.email}.", "info")
            return redirect(url_for("auth.account"))
    return _account_page(shown_email_form=form)


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere() -> Response:
    return _log_out(LogoutEverywhereForm(), "You are logged out on every device.", "auth.login")


@bp.post("/account/delete")
@login_required
@limit_password_checks
def delete_account() -> str | Response:
    """Delete the learner's account and study data, once they typed their password (or,
    without one of their own, the phrase: ``forms.deletion_confirmation``)."""
    user = _user()
    form = deletion_confirmation(user, ACCOUNT_DELETION_PHRASE)
    if form.confirmed_by(user):
        try:
            delete_learner_account(user)
        except DeletionRefused as error:
            flash(str(error), "error")
            return redirect(url_for("auth.account"))
        logout_user()
        session.clear()
        flash("Your account and everything you studied are deleted.", "success")
        return redirect(url_for("main.home"))
    return _account_page(delete_form=form)
