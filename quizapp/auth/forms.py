from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
    SubmitField,
)

# types-WTForms (3.2) predates WTForms 3.3's SelectChoice.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Email, EqualTo, InputRequired, Length, ValidationError

from ..models import Role, User
from .accounts import AccountError, display_name_problem, password_matches
from .lms_accounts import check_lms_vouches, has_own_password, typed_the_same
from .passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

PASSWORD_HINT = (
    f"At least {MIN_PASSWORD_LENGTH} characters. Not a common password, not your email. "
    "A few words with spaces are easy to remember."
)


def new_password_field(label: str) -> PasswordField:
    """A field for choosing a password; ``passwords.password_problem`` judges the value."""
    return PasswordField(
        label,
        validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)],
        description=PASSWORD_HINT,
    )


def repeat_password_field(label: str) -> PasswordField:
    """The same password typed again, so a typo does not lock the person out."""
    return PasswordField(
        label,
        validators=[InputRequired(), EqualTo("password", message="The passwords do not match.")],
    )


def _stripped(value: object) -> object:
    """Spaces around an address are a slip of the keyboard (log-in already ignores them);
    browsers without email fields send them as typed."""
    return value.strip() if isinstance(value, str) else value


def _name_fits(form: object, field: StringField) -> None:
    """The stored length, said in words. Not ``Length``: its ``maxlength`` attribute makes a
    browser cut a pasted name short without a word."""
    problem = display_name_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class SignupForm(FlaskForm):
    display_name = StringField(
        "Your name", validators=[InputRequired(), _name_fits], filters=[_stripped]
    )
    email = EmailField(
        "Email",
        validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)],
        filters=[_stripped],
    )
    password = new_password_field("Password")
    confirm = repeat_password_field("Repeat the password")
    role = RadioField(
        "I am a",
        choices=[
            SelectChoice(Role.STUDENT.value, "Student"),
            SelectChoice(Role.TEACHER.value, "Teacher"),
        ],
        default=Role.STUDENT.value,
        validators=[InputRequired()],
    )
    invite_code = StringField(
        "Teacher invite code",
        validators=[Length(max=40)],
        description="Teachers only: the code another teacher gave you.",
    )
    # The browser's own time zone, filled in by static/time-zone.js: a new account's days
    # (new facts, streaks, "today") start at the learner's midnight, not UTC's. Not
    # validated: a name the zone database lacks (or no script) leaves the account in UTC.
    time_zone = HiddenField(render_kw={"data-browser-time-zone": ""})
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=200)])
    next = HiddenField()
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    submit = SubmitField("Log out")


class ChangePasswordForm(FlaskForm):
    heading = "Change password"
    intro = ""
    current = PasswordField("Current password", validators=[InputRequired(), Length(max=200)])
    password = new_password_field("New password")
    confirm = repeat_password_field("Repeat the new password")
    submit = SubmitField("Change password")


class SetPasswordForm(FlaskForm):
    """An LMS-made account's first password: it has no current one to type
    (``lms_accounts.set_first_password`` decides who may send this)."""

    heading = "Set a password"
    intro = (
        "You sign in through your LMS, so this account has no password yet. Set one to "
        "log in here directly as well, with the email above."
    )
    password = new_password_field("New password")
    confirm = repeat_password_field("Repeat the new password")
    submit = SubmitField("Set password")


def _sent(fresh: bool) -> dict[str, None]:
    """Form arguments: read the request's form, or (``fresh``) start empty."""
    return {"formdata": None} if fresh else {}


def password_form(user: User, fresh: bool = False) -> ChangePasswordForm | SetPasswordForm:
    """Change the password, or set a first one if ``user`` has none of their own."""
    form = ChangePasswordForm if has_own_password(user) else SetPasswordForm
    return form(**_sent(fresh))


class ChangeEmailForm(FlaskForm):
    """A new email to log in with; the password shows it is the account's owner asking."""

    email = EmailField(
        "New email",
        validators=[InputRequired(), Email(check_deliverability=False), Length(max=254)],
        filters=[_stripped],
    )
    # Not "Your password", the deletion form's label on the same page.
    current_password = PasswordField(
        "Password, to confirm it is you", validators=[InputRequired(), Length(max=200)]
    )
    submit = SubmitField("Change email")


def email_form(user: User, fresh: bool = False) -> ChangeEmailForm | None:
    """The email form, for an account with a password of its own: without one (made by
    the LMS) there is nothing to confirm the change with until a password is set."""
    return ChangeEmailForm(**_sent(fresh)) if has_own_password(user) else None


class LogoutEverywhereForm(FlaskForm):
    submit = SubmitField("Log out everywhere")


NOTHING_DELETED = "Nothing was deleted."


class PasswordConfirmForm(FlaskForm):
    """A step that cannot be undone (deleting an account or a class) asks for the password."""

    confirm_password = PasswordField("Your password", validators=[InputRequired(), Length(max=200)])
    autocomplete = "current-password"

    @property
    def confirmation(self) -> PasswordField:
        """The field the page shows (each confirming form has one)."""
        return self.confirm_password

    def confirmed_by(self, user: User) -> bool:
        """Whether the form was sent with ``user``'s password; a wrong one is told under
        the field, so every such step answers a slip the same way."""
        if not self.validate_on_submit():
            return False
        if password_matches(user, self.confirm_password.data or ""):
            return True
        self.confirm_password.errors = [
            *self.confirm_password.errors,
            f"That is not your password. {NOTHING_DELETED}",
        ]
        return False


class NameConfirmForm(FlaskForm):
    """The same step for an account without a password of its own (made by the LMS):
    typing the name of what goes shows the intent, and the LMS's recent launch stands in
    for the password (``lms_accounts``). A name is no secret, so it is only accepted in a
    session the LMS vouches for."""

    confirm_name = StringField(validators=[InputRequired(), Length(max=400)])
    autocomplete = "off"

    def __init__(self, expected: str, **form_args: Any) -> None:
        super().__init__(**form_args)
        self.expected = expected
        self.confirm_name.label.text = f"Type “{expected}” to confirm"
        self.confirm_name.description = (
            "Your account signs in through your LMS and has no password here, so type "
            "the words above instead (capitals do not matter)."
        )

    @property
    def confirmation(self) -> StringField:
        return self.confirm_name

    def confirmed_by(self, user: User) -> bool:
        """Whether the form names what goes, in a session the LMS started recently."""
        if not self.validate_on_submit():
            return False
        problem = None
        if not typed_the_same(self.confirm_name.data or "", self.expected):
            problem = f"That does not match {self.expected}. {NOTHING_DELETED}"
        else:
            try:
                check_lms_vouches(user)
            except AccountError as refusal:
                problem = f"{refusal} {NOTHING_DELETED}"
        if problem is None:
            return True
        self.confirm_name.errors = [*self.confirm_name.errors, problem]
        return False


def deletion_confirmation(
    user: User, name: str, fresh: bool = False
) -> PasswordConfirmForm | NameConfirmForm:
    """The confirming form for deleting ``name``: the password, or for an account without
    one of its own the name typed out."""
    if has_own_password(user):
        return PasswordConfirmForm(**_sent(fresh))
    return NameConfirmForm(name, **_sent(fresh))
