"""One environment variable read as the value it stands for, or refused with its name.

A typo in a setting must stop the app at start-up with a sentence naming the variable,
not start it with a different meaning: ``SESSION_COOKIE_SECURE=ture`` used to serve
cookies over plain HTTP, ``LOGIN_RATE_LIMIT=lots`` switched the log-in limit off, and
``MAX_UPLOAD_BYTES=0`` refused every form. ``wsgi.py`` prints the ``ConfigError``'s
message instead of a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from limits import parse_many
from limits.storage import SCHEMES  # type: ignore[attr-defined]  # the registry of storages
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from werkzeug.security import generate_password_hash

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
DATABASE_BACKENDS = ("postgresql", "sqlite")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A setting the app cannot run with; the message names the variable and what it takes."""


def env_text(name: str, default: str = "") -> str:
    """The variable's value without surrounding spaces; unset or blank gives ``default``."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    value = env_text(name).lower()
    if not value:
        return default
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ConfigError(f"{name} must be true or false, not {value!r}.")


def env_number(name: str, default: float, *, whole: bool = False) -> float:
    """A positive number (a whole one with ``whole``): sizes and durations."""
    text = env_text(name)
    if not text:
        return default
    kind = "a whole number" if whole else "a number"
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        raise ConfigError(f"{name} must be {kind} greater than 0, not {text!r}.") from None
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"{name} must be {kind} greater than 0, not {text!r}.")
    return value


def env_choice(name: str, default: str, choices: Sequence[str]) -> str:
    value = env_text(name, default)
    folded = {choice.lower(): choice for choice in choices}
    if value.lower() not in folded:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return folded[value.lower()]


def env_log_level(name: str, default: str) -> str:
    return env_choice(name, default, LOG_LEVELS)


def env_rate_limit(name: str, default: str) -> str:
    """A Flask-Limiter limit such as ``10 per minute``: Flask-Limiter skips a limit it
    cannot read, so a typo would quietly turn the protection off."""
    value = env_text(name, default)
    try:
        limits = parse_many(value)
    except ValueError:
        raise ConfigError(
            f"{name} must be a rate such as '10 per minute' or '5/second', not {value!r}."
        ) from None
    if any(limit.amount < 1 for limit in limits):  # "0 per minute" refuses everyone
        raise ConfigError(f"{name} must allow at least 1 request, not {value!r}.")
    return value


def checked_storage_uri(name: str, uri: str) -> str:
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in SCHEMES:
        raise ConfigError(
            f"{name} must be a storage URL such as redis://host:6379/0 or "
            f"sqlitefile:///path/ratelimits.sqlite3, not {uri!r}."
        )
    return uri


def checked_database_url(name: str, url: str) -> str:
    """A PostgreSQL or SQLite URL. The message never repeats the URL: it may hold a
    password."""
    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
    except ArgumentError:
        raise ConfigError(
            f"{name} is not a database URL; write it as "
            "postgresql://user:password@host/database or sqlite:////path/to/quizapp.sqlite3."
        ) from None
    if backend not in DATABASE_BACKENDS:
        raise ConfigError(f"{name} must be a PostgreSQL or SQLite URL, not {backend}.")
    folder = Path(parsed.database).parent if backend == "sqlite" and parsed.database else None
    if folder is not None and parsed.database != ":memory:" and not folder.is_dir():
        raise ConfigError(f"{name} names a SQLite file in {folder}, a folder that does not exist.")
    return url


def checked_hash_method(method: str) -> str:
    """A Werkzeug hash method (``pbkdf2:sha256:1000``); a wrong one would fail every
    sign-up and password change, so it is tried once here."""
    if method:
        try:
            generate_password_hash("", method=method)
        except (ValueError, TypeError):
            raise ConfigError(
                f"PASSWORD_HASH_METHOD must be a Werkzeug hash method such as "
                f"'scrypt' or 'pbkdf2:sha256', not {method!r}."
            ) from None
    return method
