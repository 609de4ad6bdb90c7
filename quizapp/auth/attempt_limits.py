"""How often one client address may try passwords, make accounts and try join codes.

A school's students usually share one address (the school's router), so a limit on every
log-in from an address stopped a class logging in at the start of a lesson after ten.
So the limits are:

* tries at one account from one address — log-ins and sign-ups naming its email (a
  taken email's password is checked), counted together: ``LOGIN_RATE_LIMIT`` (10 a
  minute) — guessing one person's password;
* wrong passwords for any account and sign-ups from one address, counted together:
  ``LOGIN_ADDRESS_RATE_LIMIT`` (60 a minute) — one password tried on many accounts, or
  accounts made in bulk (a class of 30 still signs up in one go);
* wrong join codes from one address: 30 a minute;
* a logged-in person's password checks (changing or setting it, deleting the account, a
  class or a bank, also when the name is typed instead), counted together:
  ``LOGIN_RATE_LIMIT`` for that account, wherever they come from. Only sent forms count:
  opening a confirmation page checks no password.

A limit that counts only refusals (``deduct_when``) counts a request once it is answered,
so requests sent at the same moment can each pass before any is counted; that is
acceptable for the address's and the join codes' counts, not for one account's
password, which counts every try as it arrives.

A blocked request gets the friendly 429 page; the count is shared by every worker (see
``rate_limits``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wrappers import Response

from ..extensions import limiter
from .accounts import normalise_email
from .sessions import refused_session

JOIN_CODE_LIMIT = "30 per minute"

TOO_MANY_PASSWORD_CHECKS = (
    "Too many password tries for your account. Nothing was changed or deleted. "
    "Wait a minute and try again."
)

View = Callable[..., Any]


def _account_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _address_limit() -> str:
    return str(current_app.config["LOGIN_ADDRESS_RATE_LIMIT"])


def _address_and_email() -> str:
    """The client's address and the account the form names (as the log-in finds it)."""
    return f"{get_remote_address()}|{normalise_email(request.form.get('email', ''))}"


def _logged_in_account() -> str:
    """The account, also when its session was just refused (a password change sent twice
    comes back with the session the first one ended: ``accounts.repeated_password_change``)."""
    refused = None if current_user.is_authenticated else refused_session()
    return f"user|{refused[0].id if refused else current_user.get_id()}"


def refused(response: Response) -> bool:
    """The form was answered with itself again (a wrong password or code, a problem in
    the form) or refused outright; a request that did what it asked redirects."""
    return response.status_code not in (302, 303)


def _per_account() -> Callable[[View], View]:
    """One count per account and address for the log-in and sign-up forms together."""
    return limiter.shared_limit(
        _account_limit, scope="account-passwords", key_func=_address_and_email, methods=["POST"]
    )


def _per_address(
    deduct_when: Callable[[Response], bool] | None = None,
) -> Callable[[View], View]:
    """One count per address for the log-in and sign-up forms together."""
    return limiter.shared_limit(
        _address_limit, scope="address-passwords", methods=["POST"], deduct_when=deduct_when
    )


def limit_log_in(view: View) -> View:
    """Every try counts for the account and address (counted as it arrives, so a burst
    of guesses sent at once is held to the limit too); only wrong passwords count for the
    address, so a class logging in at once is never stopped."""
    return _per_address(refused)(_per_account()(view))


def limit_sign_up(view: View) -> View:
    """Every try at an email counts for that account (a taken email's password is
    checked), and every sign-up counts for the address."""
    return _per_address()(_per_account()(view))


def limit_password_checks(view: View) -> View:
    """A logged-in person's password checks count for their account, one count for
    every form that asks for it: a guesser who moves from one form to the next gets no
    new tries."""
    return limiter.shared_limit(
        _account_limit,
        scope="logged-in-passwords",
        key_func=_logged_in_account,
        methods=["POST"],
        error_message=TOO_MANY_PASSWORD_CHECKS,
    )(view)


def limit_join_codes(view: View) -> View:
    """Only wrong codes count, per address."""
    return limiter.limit(JOIN_CODE_LIMIT, methods=["POST"], deduct_when=refused)(view)
