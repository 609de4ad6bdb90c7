"""A form sent after its session ended keeps what it carried: logging in again offers to
send it with one click, so an answer or an edit typed before a log-out in another tab, an
expired session or "Log out everywhere" on another device is not lost.

Nothing is stored, on the server or in the cookie (a teacher's question can be longer
than a cookie holds): the fields travel as hidden inputs of the log-in form, then of the
"Send it now" form, which gets a fresh CSRF token and is sent only by the person's click.
Kept only for a form sent from one of this site's pages (its ``Origin``, else its
``Referer``, names this host), so a page elsewhere cannot have a form of its own offered
for sending. Never kept: the CSRF token, passwords (never written into a page) and files
(a browser cannot put them back into a form); such a form is asked for again as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import render_template, request
from werkzeug.datastructures import MultiDict

from .forms import LoginForm
from .redirects import is_local_path

# Said over the "Send it now" page: why the form waits there, and what it holds so far.
_NOTHING_SAVED = "nothing of it is saved yet: send it now, or leave it."
SEND_IT_NOW = (
    f"You are logged in. The form you sent while logged out was not sent, so {_NOTHING_SAVED}"
)
_OLDER_PAGE = (
    "That form came from a page opened before you last logged in or changed your password, "
    "so it was not sent and "
)
OLDER_SESSION = _OLDER_PAGE + _NOTHING_SAVED
# The same, said over the form's page when the form could not be carried (a password).
OLDER_SESSION_FILL_AGAIN = f"{_OLDER_PAGE}nothing of it is saved: fill it in again here."

# The log-in form's hidden inputs: the unsent form's address and, prefixed, its fields.
ACTION_FIELD = "unsent_action"
FIELD_PREFIX = "unsent:"
NOT_CARRIED = frozenset({"csrf_token"})
# A form asking for a password is not carried (and would be refused without it anyway).
PASSWORD_FIELDS = frozenset({"password", "current", "confirm", "current_password"})


@dataclass(frozen=True)
class UnsentForm:
    """A form that was not sent: where it goes and the fields it carried, in order."""

    action: str  # a path (and query) of this site
    fields: tuple[tuple[str, str], ...]

    def through_login(self) -> list[tuple[str, str]]:
        """The hidden inputs that carry it through the log-in form."""
        return [(ACTION_FIELD, self.action)] + [
            (FIELD_PREFIX + name, value) for name, value in self.fields
        ]


def sent_from_this_site() -> bool:
    """Whether the browser says this request came from one of this site's pages."""
    origin = request.headers.get("Origin")
    source = origin if origin is not None else request.headers.get("Referer", "")
    return bool(source) and urlsplit(source).netloc == request.host


def sent_a_file() -> bool:
    """Whether this request sent a file (which no page can put back into a form)."""
    return any(upload.filename for upload in request.files.values())


def unsent_form() -> UnsentForm | None:
    """The form this request sent, when it can be kept (see the module's docstring)."""
    if request.method != "POST" or not sent_from_this_site() or sent_a_file():
        return None
    fields = tuple(
        (name, value) for name, value in request.form.items(multi=True) if name not in NOT_CARRIED
    )
    if not fields or any(name in PASSWORD_FIELDS for name, _ in fields):
        return None
    return UnsentForm(request.full_path.rstrip("?"), fields)


def unsent_form_carried(form: MultiDict[str, str]) -> UnsentForm | None:
    """The unsent form the log-in form carries, if any (and if it goes to this site)."""
    action = form.get(ACTION_FIELD, "")
    fields = tuple(
        (name.removeprefix(FIELD_PREFIX), value)
        for name, value in form.items(multi=True)
        if name.startswith(FIELD_PREFIX)
    )
    if not fields or not is_local_path(action):
        return None
    return UnsentForm(action, fields)


def login_page_keeping(unsent: UnsentForm, next_url: str) -> str:
    """The log-in page, carrying ``unsent`` for sending once logged in (then, or when
    it is left, the person goes on to ``next_url``)."""
    form = LoginForm(formdata=None)
    form.next.data = next_url
    return render_template("auth/login.html", form=form, unsent=unsent)


def send_again_page(unsent: UnsentForm, next_url: str, reason: str) -> str:
    """The unsent form, ready to send with a click (or to drop, going to ``next_url``)."""
    return render_template("auth/unsent.html", unsent=unsent, next_url=next_url, reason=reason)
