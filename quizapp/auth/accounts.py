"""Account rules as plain functions: creating users, signing up, checking passwords."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import lock_row
from ..extensions import db, login_manager
from ..models import Role, User
from ..timeutil import as_utc, now_utc, time_zone_named
from .invites import InviteRefused, TeacherSignup, claim_invite, teacher_signup_mode
from .passwords import normalised, password_problem, shows_as_nothing
from .sessions import end_every_session, refuse_session, refused_session, session_is_current

# Compared against when the email is unknown, so a wrong email and a wrong password
# take the same time and an attacker cannot tell which accounts exist.
_DUMMY_HASH: dict[str, str] = {}
# The one answer for an email that is taken: it names no account and, like every other
# refusal, leaves the visitor on the form (the password is hashed either way).
EMAIL_REFUSED = (
    "We could not create an account with this email. If you already have one, log in instead."
)


class AccountError(ValueError):
    """A problem with account details, worded for the person who typed them; ``field``
    names the form field it belongs to."""

    def __init__(self, message: str, field: str = "email") -> None:
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def check_new_password(password: str, email: str) -> None:
    """Raise ``AccountError`` if ``password`` may not be chosen for ``email``."""
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")


# ``User.display_name`` holds this many characters.
MAX_DISPLAY_NAME = 80


def visible_name(name: str) -> str:
    """``name`` without what prints nothing at its ends: spaces, zero-width and control
    characters. Empty when nothing in it shows (the account then takes the email's first
    part): "Welcome, !" and a roster link with no text to click help nobody."""
    start, end = 0, len(name)
    while start < end and shows_as_nothing(name[start]):
        start += 1
    while end > start and shows_as_nothing(name[end - 1]):
        end -= 1
    return name[start:end]


def display_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be shown as typed, or None. A name is never cut short: the
    person would not see the name they chose (and it could end mid-word)."""
    length = len(visible_name(name))
    if length > MAX_DISPLAY_NAME:
        return f"At most {MAX_DISPLAY_NAME} characters (this one has {length})."
    return None


def check_account_fields(email: str, password: str, role: str) -> None:
    """Raise ``AccountError`` unless a new account could have these details."""
    if role not in {r.value for r in Role}:
        raise AccountError(f"Role must be student or teacher, not {role!r}.")
    check_new_password(password, storable_email(email))


def storable_email(email: str) -> str:
    """``email`` as it is stored (case-folded, trimmed); raise ``AccountError`` when no
    account could have it."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError("Enter a valid email address.")
    return email


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD")
    password = normalised(password)
    return (
        generate_password_hash(password, method=method)
        if method
        else generate_password_hash(password)
    )


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    password: str,
    *,
    display_name: str = "",
    role: str = Role.STUDENT.value,
    before_commit: Callable[[User], None] | None = None,
    time_zone: str = "UTC",
) -> User:
    """Create and commit an account; raise ``AccountError`` if it cannot exist.

    ``before_commit`` runs on the flushed user inside the same transaction (claiming a
    teacher invite); if it raises ``AccountError`` nothing is written. ``time_zone``: an
    IANA name already checked (``timeutil.time_zone_named``)."""
    email = normalise_email(email)
    check_account_fields(email, password, role)
    name_problem = display_name_problem(display_name)
    if name_problem:
        raise AccountError(f"Name: {name_problem}", "display_name")
    user = User(
        email=email,
        display_name=visible_name(display_name) or email.split("@")[0][:MAX_DISPLAY_NAME],
        password_hash=hash_password(password),
        role=role,
        time_zone=time_zone,
    )
    if find_user_by_email(email) is not None:
        raise AccountError(EMAIL_REFUSED)
    db.session.add(user)
    try:
        db.session.flush()
        if before_commit:
            before_commit(user)
        db.session.commit()
    except IntegrityError as error:  # a simultaneous sign-up with the same email
        db.session.rollback()
        raise AccountError(EMAIL_REFUSED) from error
    except (AccountError, InviteRefused):
        db.session.rollback()
        raise
    return user


@dataclass(frozen=True)
class SignedUp:
    """The account a sign-up form leads to, and whether this request made it."""

    user: User
    made_here: bool

    @property
    def is_new(self) -> bool:
        """Made by this form, or by the same form sent a moment before (``SAME_SIGN_UP``);
        not when someone who has had the account for longer signs up again."""
        return self.made_here or now_utc() - as_utc(self.user.created_at) < SAME_SIGN_UP


# A sign-up that finds its account this young is the same sign-up sent twice.
SAME_SIGN_UP = timedelta(minutes=10)


def sign_up(
    email: str,
    password: str,
    *,
    display_name: str,
    role: str,
    invite_code: str = "",
    time_zone: str = "",
) -> SignedUp:
    """The sign-up form's account: students always, teachers as ``TEACHER_SIGNUP`` allows.
    A new account lives in ``time_zone`` (the browser's, as it reported it) when the zone
    database knows it, else in UTC.

    The form sent again finds the account its first sending made (a browser sends a
    double click's second request before the first's answer, so without its session):
    the same email and password log in to it, as the login form would, instead of
    refusing the email. A taken email with another password is refused as before, and
    either way the password is hashed once, so the answer's time names no account."""
    check_account_fields(email, password, role)
    existing = find_user_by_email(email)
    if existing is not None:
        if not password_matches(existing, password):
            raise AccountError(EMAIL_REFUSED)
        return SignedUp(existing, made_here=False)
    _as_long_as_a_refusal(password)
    try:
        made = _new_account(
            email, password, display_name, role, invite_code, time_zone_named(time_zone) or "UTC"
        )
        return SignedUp(made, made_here=True)
    except AccountError as refusal:  # the same form, sent at the same moment, came first
        twin = find_user_by_email(email) if str(refusal) == EMAIL_REFUSED else None
        if twin is None or not password_matches(twin, password):
            raise
        return SignedUp(twin, made_here=False)


def _new_account(
    email: str, password: str, display_name: str, role: str, invite_code: str, time_zone: str
) -> User:
    if role != Role.TEACHER.value:
        return create_user(
            email, password, display_name=display_name, role=role, time_zone=time_zone
        )
    mode = teacher_signup_mode()
    if mode is TeacherSignup.CLOSED:
        raise AccountError("Teacher accounts are made by the school's administrator.")
    if mode is TeacherSignup.OPEN:
        return create_user(
            email, password, display_name=display_name, role=role, time_zone=time_zone
        )
    if not invite_code.strip():
        raise AccountError("A teacher account needs an invite code from a teacher.", "invite_code")
    try:
        return create_user(
            email,
            password,
            display_name=display_name,
            role=role,
            before_commit=lambda user: claim_invite(invite_code, user),
            time_zone=time_zone,
        )
    except InviteRefused as error:
        raise AccountError(str(error), "invite_code") from error


def authenticate(email: str, password: str) -> User | None:
    """The user whose email and password match, else ``None``."""
    user = find_user_by_email(email)
    if user is None:
        _hash_matches(_dummy_hash(), password)  # as long as a wrong password takes
        return None
    return user if password_matches(user, password) else None


# Built once: every request of a logged-in user runs it.
_USER_BY_ID = select(User).where(User.id == bindparam("user_id"))


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The logged-in user, if the session is still valid for them (one SELECT, as before)."""
    try:
        user = db.session.execute(_USER_BY_ID, {"user_id": int(user_id)}).scalar_one_or_none()
    except (ValueError, OverflowError):
        return None
    if user is None or not session_is_current(user):
        refuse_session(user)
        return None
    return user


# A second click on the password form leaves before the first one's answer (and its new
# cookie) arrives; without JavaScript to stop it, it comes this soon after the change.
REPEAT_WINDOW = timedelta(minutes=2)


def _just_set(user: User, password: str) -> bool:
    """Whether ``password`` is the one ``user`` set in the last ``REPEAT_WINDOW``."""
    changed_at = user.password_changed_at
    if changed_at is None or now_utc() - as_utc(changed_at) > REPEAT_WINDOW:
        return False
    return password_matches(user, password)


def repeated_password_change(new: str) -> User | None:
    """The user whose password change this request repeats, if it does: it came with
    their session from just before the change (one generation behind, at most
    ``REPEAT_WINDOW`` after it) and names the password now set. Knowing that password
    is what a log-in asks, so taking the session back gives nothing away."""
    refused = refused_session()
    if refused is None:
        return None
    user, generation = refused
    if generation != user.session_generation - 1:
        return None
    return user if _just_set(user, new) else None


def password_matches(user: User, password: str) -> bool:
    return _hash_matches(user.password_hash, password)


def _hash_matches(password_hash: str, password: str) -> bool:
    """Compared in NFKC form; an account made before passwords were normalised was
    hashed as typed, so that form is tried too when it differs (the rare non-ASCII
    password: a plain one is hashed once)."""
    same = normalised(password)
    if check_password_hash(password_hash, same):
        return True
    return same != password and check_password_hash(password_hash, password)


def _dummy_hash() -> str:
    if "hash" not in _DUMMY_HASH:
        _DUMMY_HASH["hash"] = hash_password("not-a-real-password")
    return _DUMMY_HASH["hash"]


def _as_long_as_a_refusal(password: str) -> None:
    """A new account's sign-up hashes once; a refused one whose password NFKC changes
    checks twice (``_hash_matches``). The extra check here keeps the two alike in time,
    so a chosen password cannot tell a taken email from a free one."""
    if normalised(password) != password:
        check_password_hash(_dummy_hash(), password)


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password if ``current`` is right; ends every other session of ``user``.

    The account's row is locked and read again first: the same form sent twice at once
    (on PostgreSQL both read the old password) then runs one after the other, and the
    second, finding ``new`` just set, is that change's repeat, not a second change
    that would end the session the first one's answer carries."""
    lock_row(User.id, user.id)
    db.session.refresh(user)
    if not password_matches(user, current):
        if _just_set(user, new):
            return
        raise AccountError("Your current password is not right.", "current")
    if normalised(new) == normalised(current):
        raise AccountError("That is your current password; choose a new one.", "password")
    set_password(user, new)


# A new email that is taken gets the same answer as one that cannot be stored: it does not
# say whether someone else has an account there.
EMAIL_UNAVAILABLE = "This email cannot be used for your account; choose another."


def change_email(user: User, new_email: str, password: str) -> bool:
    """Make ``new_email`` the email ``user`` logs in with, if ``password`` is theirs;
    False when it already is (the form sent twice: the second send is no mistake).

    An account the LMS made starts with a made-up address (``lti.mapping``); once its
    owner has set a password, this is how they give it one they will remember. Sessions
    go on: the password, which they just typed, did not change."""
    if not password_matches(user, password):
        raise AccountError(
            "That is not your password. Your email is unchanged.", "current_password"
        )
    email = storable_email(new_email)
    if email == user.email:
        return False
    taken = find_user_by_email(email)
    if taken is not None and taken.id != user.id:  # itself: the same form sent twice at once
        raise AccountError(EMAIL_UNAVAILABLE)
    user.email = email
    try:
        db.session.commit()
    except IntegrityError:  # the same address taken by a sign-up a moment ago
        db.session.rollback()
        raise AccountError(EMAIL_UNAVAILABLE) from None
    return True


def set_password(user: User, new: str) -> None:
    """Give ``user`` the password ``new`` (checked like a chosen one) and end every
    session they have: the old password may be forgotten, or known to someone else."""
    check_new_password(new, user.email)
    user.password_hash = hash_password(new)
    user.password_changed_at = now_utc()
    end_every_session(user)
    db.session.commit()
