"""Settings read from the environment, with defaults that need no set-up at all.

Every variable here is listed in the README's configuration table; keep the two in step.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from .config_values import (
    ConfigError,
    checked_database_url,
    checked_hash_method,
    checked_storage_uri,
    env_bool,
    env_choice,
    env_log_level,
    env_number,
    env_rate_limit,
    env_text,
)
from .ops.logs import LOG_FORMATS
from .private_files import make_private_folder
from .rate_limits import default_storage_uri  # also registers the sqlitefile:// scheme

DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def upload_limit_text(limit: int) -> str:
    """``MAX_UPLOAD_BYTES`` as the upload form and the 413 page say it: "5 MB"."""
    return f"{limit / (1024 * 1024):g} MB"


__all__ = ["ConfigError", "cannot_start", "settings_from_env"]


def cannot_start(error: ConfigError) -> SystemExit:
    """How a setting the app cannot use stops ``flask``, ``gunicorn`` and ``wsgi.py``:
    one line naming the variable, exit status 1, no traceback."""
    return SystemExit(f"quizapp cannot start: {error}")


def database_url_from_env(instance_path: Path) -> str:
    """The database to use: ``DATABASE_URL`` or a SQLite file in ``instance/``.

    Heroku-style ``postgres://`` URLs are accepted and pointed at psycopg 3, the driver we ship.
    """
    url = env_text("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_path / 'quizapp.sqlite3'}"
    return checked_database_url("DATABASE_URL", with_our_driver(url))


def with_our_driver(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def engine_options(url: str) -> dict[str, Any]:
    """Pool settings for the database at ``url``. A server's connections can drop (a
    restart, a proxy's idle timeout): psycopg's are checked as they leave the pool by a
    look at their socket (``pool_health``), any other server driver's by a ping
    (``SELECT 1``, a round trip per request); a SQLite file cannot drop.

    A PostgreSQL connection gives up after ``DATABASE_CONNECT_TIMEOUT`` seconds (10),
    unless the URL sets its own ``connect_timeout``: libpq's default is to wait for ever
    on a host that takes the connection and never answers, and each request would hold
    its worker until gunicorn kills it, where it now gets the 503 page."""
    options: dict[str, Any] = {
        "pool_pre_ping": not url.startswith(("sqlite", "postgresql+psycopg://"))
    }
    if url.startswith("postgresql") and "connect_timeout=" not in url:
        seconds = env_number("DATABASE_CONNECT_TIMEOUT", 10, whole=True)
        options["connect_args"] = {"connect_timeout": int(seconds)}
    return options


def read_replica_binds() -> dict[str, Any]:
    """``DATABASE_READ_URL`` as the ``read`` bind: dashboards and exports read there."""
    url = env_text("DATABASE_READ_URL")
    if not url:
        return {}
    url = checked_database_url("DATABASE_READ_URL", with_our_driver(url))
    return {"read": {"url": url, **engine_options(url)}}


def load_or_create_secret_key(instance_path: Path) -> str:
    """Return ``SECRET_KEY`` from the environment, else a key generated once into ``instance/``.

    A fixed key in the repository would let anyone forge sessions, so none ships; the
    generated file keeps sessions valid across restarts of a single-machine install.
    """
    from_env = env_text("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    make_private_folder(instance_path)
    key = secrets.token_hex(32)
    # Written whole to a private file (mode 0600), then linked into place: processes
    # starting at once on a fresh install (gunicorn's workers, two test runs) all end up
    # with the one key that got there first, and none reads a half-written file.
    fd, temporary = tempfile.mkstemp(dir=instance_path, prefix=".secret_key.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        try:
            os.link(temporary, key_file)
        except FileExistsError:
            return key_file.read_text().strip()
    finally:
        os.unlink(temporary)
    return key


TEACHER_SIGNUP_MODES = ("invite", "open", "closed")


def teacher_signup_from_env() -> str:
    """How teacher accounts are made (see ``auth/invites.py``); a typo stops the app."""
    return env_choice("TEACHER_SIGNUP", "invite", TEACHER_SIGNUP_MODES)


def settings_from_env(instance_path: Path) -> dict[str, Any]:
    """Build the Flask config mapping from environment variables; ``ConfigError`` names
    the first one the app cannot run with."""
    secure = env_bool("SESSION_COOKIE_SECURE", False)
    idle_days = env_number("SESSION_IDLE_DAYS", 14)
    return {
        "SECRET_KEY": load_or_create_secret_key(instance_path),
        # Its pool settings follow the URL finally configured (``engine_options``).
        "SQLALCHEMY_DATABASE_URI": database_url_from_env(instance_path),
        "SQLALCHEMY_BINDS": read_replica_binds(),
        "MAX_CONTENT_LENGTH": int(
            env_number("MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES, whole=True)
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "PREFERRED_URL_SCHEME": "https" if secure else "http",
        "RATELIMIT_ENABLED": env_bool("RATELIMIT_ENABLED", True),
        # Shared by every worker of this machine; redis://... for several hosts.
        "RATELIMIT_STORAGE_URI": checked_storage_uri(
            "RATELIMIT_STORAGE_URI",
            env_text("RATELIMIT_STORAGE_URI") or default_storage_uri(instance_path),
        ),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "quizapp"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": env_rate_limit("LOGIN_RATE_LIMIT", "10 per minute"),
        "LOGIN_ADDRESS_RATE_LIMIT": env_rate_limit("LOGIN_ADDRESS_RATE_LIMIT", "60 per minute"),
        "PASSWORD_HASH_METHOD": checked_hash_method(env_text("PASSWORD_HASH_METHOD")) or None,
        "TRUST_PROXY_HEADERS": env_bool("TRUST_PROXY_HEADERS", False),
        "CONTENT_DIR": os.environ.get("CONTENT_DIR", str(Path(__file__).parent.parent / "content")),
        "WTF_CSRF_TIME_LIMIT": None,
        "TEACHER_SIGNUP": teacher_signup_from_env(),
        "SESSION_IDLE_DAYS": idle_days,
        "SESSION_MAX_DAYS": env_number("SESSION_MAX_DAYS", 30),
        # The cookie is re-sent when the session changes (at most every few minutes, when
        # "last seen" moves on: auth/sessions.py), not on every response: a page that
        # sets no cookie stays in the browser's history cache, so Back works after a POST.
        "SESSION_REFRESH_EACH_REQUEST": False,
        # Operations (ops/): plain or json log lines, their level, the /metrics token.
        "LOG_FORMAT": env_choice("LOG_FORMAT", "plain", LOG_FORMATS),
        "LOG_LEVEL": env_log_level("LOG_LEVEL", "INFO"),
        "METRICS_TOKEN": env_text("METRICS_TOKEN") or None,
        # The LMS's public keys: longest kept (lti/platform_keys.py), and how much longer
        # stale ones serve while the LMS cannot be reached.
        "LTI_JWKS_MAX_AGE_SECONDS": env_number("LTI_JWKS_MAX_AGE_SECONDS", 3600),
        "LTI_JWKS_GRACE_SECONDS": env_number("LTI_JWKS_GRACE_SECONDS", 3600),
        "PERMANENT_SESSION_LIFETIME": timedelta(days=idle_days),
    }
