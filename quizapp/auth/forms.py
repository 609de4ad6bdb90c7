from __future__ import annotations

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
from .accounts import display_name_problem, password_matches
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
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=200)])
    next = HiddenField()
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    submit = SubmitField("Log out")


class ChangePasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[InputRequired(), Length(max=200)])
    password = new_password_field("New password")
    confirm = repeat_password_field("Repeat the new password")
    submit = SubmitField("Change password")


class LogoutEverywhereForm(FlaskForm):
    submit = SubmitField("Log out everywhere")


class PasswordConfirmForm(FlaskForm):
    """A step that cannot be undone (deleting an account or a class) asks for the password."""

    confirm_password = PasswordField("Your password", validators=[InputRequired(), Length(max=200)])

    def confirmed_by(self, user: User) -> bool:
        """Whether the form was sent with ``user``'s password; a wrong one is told under
        the field, so every such step answers a slip the same way."""
        if not self.validate_on_submit():
            return False
        if password_matches(user, self.confirm_password.data or ""):
            return True
        self.confirm_password.errors = [
            *self.confirm_password.errors,
            "That is not your password. Nothing was deleted.",
        ]
        return False
