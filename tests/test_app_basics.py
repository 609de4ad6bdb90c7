"""Health check, error pages, configuration defaults and the ``flask users`` command."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from quizapp import config, create_app
from quizapp.config import engine_options, load_or_create_secret_key
from quizapp.extensions import db
from quizapp.models import User
from tests.support.clients import CSRFClient
from tests.support.databases import TEST_SETTINGS, outside_transaction, running


def test_healthz_answers_ok_after_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "schema": "current"}


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    missing_dir = tmp_path / "no-such-dir" / "db.sqlite3"
    broken = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing_dir}"})
    with running(broken):
        response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "down"


def test_a_database_host_that_never_answers_gives_a_503_after_the_connect_timeout(monkeypatch):
    """A PostgreSQL address that takes the connection and then says nothing (a host
    behind a firewall that drops packets, a stuck proxy): without a connect timeout libpq
    waits for ever and each request holds its worker until gunicorn kills it."""
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "1")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel completes each connection; nothing ever answers
    url = f"postgresql+psycopg://quiet@127.0.0.1:{silent.getsockname()[1]}/quiet"
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": url})
    answers: list[int] = []
    with running(app):
        asking = threading.Thread(
            target=lambda: answers.append(app.test_client().get("/healthz").status_code),
            daemon=True,
        )
        asking.start()
        asking.join(timeout=30)
    silent.close()
    assert answers == [503]


def test_a_database_url_keeps_its_own_connect_timeout():
    """10 s unless DATABASE_CONNECT_TIMEOUT or the URL's own ``connect_timeout`` says."""
    plain = "postgresql+psycopg://u@db.example/q"
    assert engine_options(plain)["connect_args"] == {"connect_timeout": 10}
    assert "connect_args" not in engine_options(plain + "?connect_timeout=3")
    assert "connect_args" not in engine_options("sqlite:///q.sqlite3")


def test_a_dropped_database_connection_is_replaced_before_a_request_uses_it(
    app, client, is_postgres
):
    """A PostgreSQL connection the server ended while it waited in the pool (a restart,
    an idle timeout) is noticed as it leaves the pool and replaced, so no request gets an
    error; no request pays a ping's round trip for it (``pool_health``), and a SQLite
    file, which cannot drop, is not checked at all."""
    assert engine_options(db.engine.url.render_as_string())["pool_pre_ping"] is False
    if not is_postgres:
        return
    assert client.get("/healthz").status_code == 200  # a connection now waits in the pool
    url = db.engine.url.render_as_string(hide_password=False)
    with outside_transaction(url) as conn:
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
        assert ended
        # pg_terminate_backend only signals: wait until the ended backends are gone.
        deadline = time.monotonic() + 10
        while (
            time.monotonic() < deadline
            and conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar()
        ):
            time.sleep(0.05)
    assert client.get("/healthz").status_code == 200


def error_page_in_the_layout(response, status: int) -> str:
    """The page of an error answer, checked to keep the site's layout (its navigation)."""
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert '<nav aria-label="Main">' in page
    return page


def test_unknown_page_is_a_friendly_404_inside_the_layout(client):
    assert "Not found" in error_page_in_the_layout(client.get("/no/such/page"), 404)


def test_error_pages_answer_json_when_json_is_asked_for(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not found"


def test_an_oversized_request_gets_a_friendly_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/auth/login", data={"email": "x" * 4096, "password": "y"})
    assert response.status_code == 413
    assert "at most" in response.get_data(as_text=True)


def test_too_many_logins_get_a_friendly_429(database_url):
    limited = create_app(
        {
            **TEST_SETTINGS,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": True,
            "LOGIN_RATE_LIMIT": "3 per minute",
            "WTF_CSRF_ENABLED": False,  # this test is about the rate limit alone
        }
    )
    client = limited.test_client()
    with running(limited):
        statuses = [
            client.post("/auth/login", data={"email": "a@b.org", "password": "bad"}).status_code
            for _ in range(5)
        ]
        page = client.post("/auth/login", data={"email": "a@b.org", "password": "x"})
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]
    assert "Slow down" in page.get_data(as_text=True)


def test_two_servers_sharing_redis_share_one_login_limit(database_url):
    """Several gunicorn workers or hosts count attempts together when Redis holds the counters."""
    import socket
    import uuid

    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
    except OSError:
        pytest.skip("no Redis answers on 127.0.0.1:6379")
    settings = {
        **TEST_SETTINGS,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "RATELIMIT_KEY_PREFIX": f"quizapp-test-{uuid.uuid4().hex}",
        "LOGIN_RATE_LIMIT": "3 per minute",
        "WTF_CSRF_ENABLED": False,  # this test is about the shared limit alone
    }
    first, second = create_app(settings), create_app(settings)
    form = {"email": "a@b.org", "password": "bad"}
    with running(first):
        statuses = [first.test_client().post("/auth/login", data=form).status_code]
        statuses.append(first.test_client().post("/auth/login", data=form).status_code)
    with running(second):
        statuses.append(second.test_client().post("/auth/login", data=form).status_code)
        statuses.append(second.test_client().post("/auth/login", data=form).status_code)
    assert statuses == [200, 200, 200, 429]


def test_secret_key_is_generated_once_and_reused(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = load_or_create_secret_key(tmp_path)
    second = load_or_create_secret_key(tmp_path)
    assert first == second
    assert len(first) >= 32
    other = load_or_create_secret_key(tmp_path / "elsewhere")
    assert other != first


def test_two_processes_creating_the_secret_key_at_once_share_the_first(tmp_path: Path, monkeypatch):
    """Another process (a second gunicorn worker on a fresh install) writes its key between
    this one's look and its write: both then use that key, and nothing fails."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    real_token_hex = config.secrets.token_hex

    def the_other_process_wins(size: int) -> str:
        (tmp_path / "secret_key").write_text("the-other-process-key" * 3)
        return real_token_hex(size)

    monkeypatch.setattr(config.secrets, "token_hex", the_other_process_wins)
    assert load_or_create_secret_key(tmp_path) == "the-other-process-key" * 3
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]  # no leftovers


def test_users_create_command_makes_a_teacher(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--role", "teacher", "--password-stdin", "Boss@School.org"],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@school.org"))
    assert user is not None and user.role == "teacher"


def test_users_create_command_refuses_a_short_password(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--password-stdin", "a@b.org"], input="short\n")
    assert result.exit_code != 0
    assert "at least" in result.output


def test_users_create_command_names_an_email_already_taken(app):
    """The web form never says whether an account exists; the administrator is told."""
    runner = app.test_cli_runner()
    args = ["users", "create", "--role", "teacher", "--password-stdin"]
    assert runner.invoke(args=[*args, "kim@school.org"], input="a long password\n").exit_code == 0
    again = runner.invoke(args=[*args, " KIM@School.org"], input="another long password\n")
    assert again.exit_code == 1
    assert "kim@school.org already has an account (teacher); nothing was changed." in again.output


def test_a_student_on_a_teacher_page_gets_a_friendly_403(student_client):
    response = student_client.get("/teach/classes/")
    assert "Not allowed" in error_page_in_the_layout(response, 403)


def test_an_unexpected_error_gets_a_friendly_500_and_the_session_is_rolled_back(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom() -> str:
        db.session.add(User(email="half@example.org", display_name="x", password_hash="x"))
        db.session.flush()
        raise RuntimeError("a bug")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "half@example.org")) is None


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_a_forms_address_opened_as_a_page_says_so_and_names_the_methods_it_takes(
    student_client, accept
):
    """A bookmarked or typed form address (``/quiz/start``) said only "That kind of
    request is not accepted here", and without the ``Allow`` header HTTP requires."""
    response = student_client.get("/quiz/start", headers={"Accept": accept})
    assert response.status_code == 405
    assert response.headers["Allow"] == "OPTIONS, POST"
    text = response.get_data(as_text=True)
    assert "a form sends" in text and "page with the form" in text
    if accept == "text/html":
        error_page_in_the_layout(response, 405)


def test_an_address_typed_with_a_slash_too_many_goes_to_its_page(student_client):
    """``/study`` went on to ``/study/``, but ``/auth/account/`` or ``/quiz/1/results/``
    (pasted from a document that added the slash) said "There is nothing at this address"."""
    response = student_client.get("/auth/account/?from=mail")
    assert response.status_code == 308
    assert response.headers["Location"] == "/auth/account?from=mail"
    assert student_client.get("/study").headers["Location"].endswith("/study/")
    assert student_client.get("/no/such/page/").status_code == 404
    assert student_client.get("/auth/account//").status_code == 404
    assert student_client.post("/auth/account/password/").status_code == 404  # forms: no


def test_pages_say_the_database_cannot_be_reached_with_a_503_when_it_is_down(
    student_client, tmp_path
):
    """With the database down, a visitor got the general "Something went wrong" 500 and a
    logged-in student a bare server error (the error page itself asked the database who
    they were): each gets a page that says what is wrong, a 503 and when to try again."""
    session_cookie = student_client.get_cookie("session")
    assert session_cookie is not None
    down = create_app(
        {
            **TEST_SETTINGS,
            "PROPAGATE_EXCEPTIONS": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'no-such-dir' / 'db.sqlite3'}",
        }
    )
    down.test_client_class = CSRFClient
    with running(down):
        visitor, student = down.test_client(), down.test_client()
        student.set_cookie("session", session_cookie.value)
        log_in = visitor.post("/auth/login", data={"email": "a@school.org", "password": "x"})
        for page in [log_in, student.get("/"), student.get("/study/")]:
            text = error_page_in_the_layout(page, 503)
            assert "cannot reach its database" in text
            assert page.headers["Retry-After"] == "30"
        answer = student.get("/", headers={"Accept": "application/json"})
        assert answer.status_code == 503
        assert "cannot reach its database" in answer.get_json()["message"]


def test_a_database_error_while_the_database_answers_is_still_a_500(app, client):
    """Only a database that does not answer is "unavailable": a failing statement (a bug)
    keeps the general 500 page, whose message does not blame the database."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/bad-statement")
    def bad_statement() -> str:
        db.session.execute(text("SELECT * FROM no_such_table"))
        return "unreachable"

    response = client.get("/bad-statement")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
