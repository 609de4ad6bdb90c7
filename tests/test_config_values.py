"""A setting the app cannot run with stops it at start-up with one sentence naming the
variable, never a traceback, and never a start with another meaning (a typo in
``SESSION_COOKIE_SECURE`` serving cookies over HTTP, an unreadable ``LOGIN_RATE_LIMIT``
switching the log-in limit off)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.config import ConfigError, settings_from_env
from tests.support.servers import ROOT, SERVER_ENV

FLASK = Path(sys.executable).parent / "flask"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "SESSION_COOKIE_SECURE",
            "ture",
            "SESSION_COOKIE_SECURE must be true or false, not 'ture'",
        ),
        ("RATELIMIT_ENABLED", "flase", "RATELIMIT_ENABLED must be true or false"),
        ("LOGIN_RATE_LIMIT", "lots", "LOGIN_RATE_LIMIT must be a rate such as '10 per minute'"),
        ("LOGIN_ADDRESS_RATE_LIMIT", "60 a minute", "LOGIN_ADDRESS_RATE_LIMIT must be a rate"),
        # a limit of none would refuse every log-in, the right password included
        ("LOGIN_RATE_LIMIT", "0 per minute", "LOGIN_RATE_LIMIT must allow at least 1 request"),
        ("LOGIN_ADDRESS_RATE_LIMIT", "0/second", "must allow at least 1 request"),
        ("MAX_UPLOAD_BYTES", "5MB", "MAX_UPLOAD_BYTES must be a whole number greater than 0"),
        ("MAX_UPLOAD_BYTES", "0", "MAX_UPLOAD_BYTES must be a whole number greater than 0"),
        ("SESSION_IDLE_DAYS", "two weeks", "SESSION_IDLE_DAYS must be a number greater than 0"),
        ("SESSION_MAX_DAYS", "-1", "SESSION_MAX_DAYS must be a number greater than 0"),
        ("LTI_JWKS_MAX_AGE_SECONDS", "1h", "LTI_JWKS_MAX_AGE_SECONDS must be a number greater"),
        ("LTI_JWKS_GRACE_SECONDS", "0", "LTI_JWKS_GRACE_SECONDS must be a number greater than 0"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT must be one of plain, json, not 'xml'"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("RATELIMIT_STORAGE_URI", "redis-host:6379", "RATELIMIT_STORAGE_URI must be a storage URL"),
        ("DATABASE_URL", "db.internal/quizapp", "DATABASE_URL is not a database URL"),
        (
            "DATABASE_URL",
            "mysql://me:pw@db/quizapp",
            "must be a PostgreSQL or SQLite URL, not mysql",
        ),
        ("DATABASE_URL", "sqlite:////no/such/folder/app.db", "a folder that does not exist"),
        ("DATABASE_READ_URL", "replica", "DATABASE_READ_URL is not a database URL"),
        ("PASSWORD_HASH_METHOD", "md5", "PASSWORD_HASH_METHOD must be a Werkzeug hash method"),
    ],
)
def test_a_setting_the_app_cannot_run_with_is_named_at_start_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=message):
        settings_from_env(tmp_path)


def test_a_database_url_error_never_repeats_the_password(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://quizapp:s3cret-pw@db.internal/quizapp")
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    assert "s3cret-pw" not in str(refused.value)


def test_settings_written_as_people_write_them_are_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for variable, value in {
        "SESSION_COOKIE_SECURE": " TRUE ",
        "RATELIMIT_ENABLED": "off",
        "LOG_FORMAT": "JSON",
        "LOG_LEVEL": "warning",
        "LOGIN_RATE_LIMIT": "5/minute",
        "MAX_UPLOAD_BYTES": " 1048576 ",
        "SESSION_IDLE_DAYS": "0.5",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
    }.items():
        monkeypatch.setenv(variable, value)
    config = settings_from_env(tmp_path)
    assert config["SESSION_COOKIE_SECURE"] is True and config["RATELIMIT_ENABLED"] is False
    assert (config["LOG_FORMAT"], config["LOG_LEVEL"]) == ("json", "WARNING")
    assert config["LOGIN_RATE_LIMIT"] == "5/minute"
    assert config["MAX_CONTENT_LENGTH"] == 1048576 and config["SESSION_IDLE_DAYS"] == 0.5


def test_a_heroku_style_postgres_url_is_accepted_and_read_with_psycopg(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Probe: the README says postgres:// URLs are accepted; they were refused at start-up.
    monkeypatch.setenv("DATABASE_URL", "postgres://quiz:pw@db.internal:5432/quizapp")
    monkeypatch.setenv("DATABASE_READ_URL", "postgres://quiz:pw@replica.internal/quizapp")
    config = settings_from_env(tmp_path)
    assert (
        config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://quiz:pw@db.internal:5432/quizapp"
    )
    read = config["SQLALCHEMY_BINDS"]["read"]["url"]
    assert read == "postgresql+psycopg://quiz:pw@replica.internal/quizapp"


def test_a_blank_secret_key_is_not_used_as_the_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SECRET_KEY", "   ")
    key = settings_from_env(tmp_path)["SECRET_KEY"]
    assert key == (tmp_path / "secret_key").read_text()  # the generated one, not spaces


def test_the_flask_command_prints_one_line_naming_the_setting(tmp_path: Path) -> None:
    """Before, ``flask --app wsgi db upgrade`` with a MySQL URL said "No such command
    'db'", and other typos printed a traceback."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **SERVER_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "LOGIN_RATE_LIMIT": "ten a minute",
    }
    result = subprocess.run(
        [str(FLASK), "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "quizapp cannot start: LOGIN_RATE_LIMIT must be a rate such as '10 per minute' "
        "or '5/second', not 'ten a minute'."
    )
    assert not (tmp_path / "app.db").exists()
