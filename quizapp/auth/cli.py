"""``flask users`` commands for administrators."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from ..cli_errors import OperatorGroup, existing_account
from ..models import Role
from .accounts import (
    AccountError,
    create_user,
    display_name_problem,
    find_user_by_email,
    set_password,
    storable_email,
)
from .invites import DEFAULT_INVITE_DAYS, MAX_INVITE_DAYS, InviteRefused, create_invite


@click.group("users", cls=OperatorGroup, help="Manage accounts from the command line.")
def users_cli() -> None:
    pass


_PASSWORD_STDIN = click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input."
)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@users_cli.command(
    "create", help="Create an account. Asks for the password unless --password-stdin is given."
)
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.STUDENT.value,
    show_default=True,
    help="student or teacher.",
)
@click.option(
    "--name", "display_name", default="", help="Display name (defaults to the email's first part)."
)
@_PASSWORD_STDIN
@with_appcontext
def create_command(email: str, role: str, display_name: str, password_stdin: bool) -> None:
    taken = find_user_by_email(email)
    if taken is not None:  # the web form hides this; the administrator may know it
        raise click.ClickException(
            f"{taken.email} already has an account ({taken.role}); nothing was changed."
        )
    name_problem = display_name_problem(display_name)
    if name_problem:  # before the password is asked for, which would be typed in vain
        raise click.ClickException(f"--name: {name_problem} No account was created.")
    try:
        storable_email(email)  # before the password, too
    except AccountError as error:
        raise click.ClickException(f"{error} No account was created.") from error
    password = _read_password(password_stdin)
    try:
        user = create_user(email, password, display_name=display_name, role=role)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.role} {user.email}.")


@users_cli.command(
    "set-password",
    help="Give an account a new password, for someone who forgot theirs (the app sends no "
    "e-mail). Asks for it unless --password-stdin is given. The account is logged out on "
    "every device.",
)
@click.argument("email")
@_PASSWORD_STDIN
@with_appcontext
def set_password_command(email: str, password_stdin: bool) -> None:
    user = existing_account(email)
    try:
        set_password(user, _read_password(password_stdin))
    except AccountError as error:
        raise click.ClickException(f"{error} The password was not changed.") from error
    click.echo(f"New password set for {user.email}; they are logged out on every device.")


@users_cli.command(
    "invite",
    help="Make a single-use invite code for one new teacher account (TEACHER_SIGNUP=invite). "
    "Give the code to the teacher; they choose Teacher on the sign-up page and type it.",
)
@click.option(
    "--days",
    type=click.FloatRange(min=0, min_open=True, max=MAX_INVITE_DAYS),
    default=DEFAULT_INVITE_DAYS,
    show_default=True,
    help="Days until the code expires.",
)
@with_appcontext
def invite_command(days: float) -> None:
    try:
        code, invite = create_invite(None, days)
    except InviteRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Teacher invite code: {code} (single use, expires {invite.expires_at:%Y-%m-%d %H:%M} UTC)"
    )
