"""What an operator reads: one line per request with its id, events for log-ins, uploads,
imports and exports, tracebacks for failures, and never a secret, in both formats."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from quizapp.ops.logs import configure_logging
from tests.study.test_answers import shown_token
from tests.support.clients import AuthActions, CSRFClient
from tests.support.factories import make_classroom, make_user
from tests.support.study_fixtures import make_study_bank
from tests.support.teach_fixtures import pending_id_from, upload

SIGNUP_PASSWORD = "sign-up-secret-Pw-8841"
WRONG_PASSWORD = "wrong-secret-Pw-5521"
TYPED_ANSWER = "typed-answer-zebra-77"
ANSWER_KEY = "answerkey-unicorn-42"
UPLOAD_CSV = (
    "kind,prompt,answer,accepted_variants,distractors,explanation,topic,fact_key,question_key\n"
    f"typed,Which animal guards the gate?,{ANSWER_KEY},,,,Gate,gate,typed\n"
).encode()


@pytest.fixture(params=["plain", "json"])
def log_format(request: pytest.FixtureRequest, app: Flask) -> str:
    """The app's log lines in each format (the factory set plain; tests switch here)."""
    configure_logging(request.param, "INFO")
    return str(request.param)


def lines_of(captured: str, log_format: str) -> list[dict[str, Any]]:
    """The captured log lines as dicts: parsed JSON, or the plain line as its text."""
    lines = [line for line in captured.splitlines() if line.strip()]
    if log_format == "json":
        return [json.loads(line) for line in lines]  # every line is one JSON object
    return [{"text": line} for line in lines]


def new_client(app: Flask) -> CSRFClient:
    return app.test_client()  # type: ignore[return-value]


def drive_everything_secret(app: Flask) -> list[str]:
    """Sign up, fail and pass a log-in, join by link and form, answer, upload and import;
    returns every secret value that went over the wire."""
    teacher = make_user(email="log-teacher@example.org", role="teacher")
    bank = make_study_bank(facts=1, kinds=("typed",), owner=teacher)
    classroom = make_classroom(teacher, banks=[bank])
    code = classroom.join_code
    learner = new_client(app)
    auth = AuthActions(learner)
    auth.signup(email="log-learner@example.org", password=SIGNUP_PASSWORD)
    auth.logout()
    auth.login("log-victim@example.org", WRONG_PASSWORD)
    auth.login("log-learner@example.org", SIGNUP_PASSWORD)
    learner.get(f"/join/{code}")
    learner.post("/join/", data={"code": code})
    token = shown_token(learner, f"/study/?bank={bank.slug}")
    learner.post("/study/answer", data={"token": token, "response": TYPED_ANSWER})
    learner.get(f"/study/feedback/{token}?secret={code}")
    # Addresses that match no route, or another method of one, name the secret too.
    for variant in (f"/join/{code}/", f"/JOIN/{code.lower()}", f"//join//{code}"):
        learner.get(variant)
    learner.put(f"/join/{code}")
    learner.get(f"/study/feedback/{token}/")
    learner_cookie = learner.get_cookie("session")
    secrets = [
        SIGNUP_PASSWORD, WRONG_PASSWORD, TYPED_ANSWER, ANSWER_KEY, token, code, code.lower(),
        learner.csrf_token(), learner_cookie.value if learner_cookie else "no cookie",
        "log-victim@example.org", "log-learner@example.org",
    ]  # fmt: skip

    teaching = new_client(app)
    AuthActions(teaching).login(teacher.email)
    page = upload(teaching, "gate.csv", UPLOAD_CSV).get_data(as_text=True)
    pending = pending_id_from(page)
    teaching.post(f"/teach/uploads/{pending}/import")
    upload(teaching, "broken.csv", b"\x00\x01\x02 not text")
    teaching.get(f"/teach/banks/{bank.slug}/export/csv")
    teaching.get(f"/progress/class/{classroom.id}/export/answers.csv").get_data()
    teacher_cookie = teaching.get_cookie("session")
    return [*secrets, teaching.csrf_token(), teacher_cookie.value if teacher_cookie else "-"]


def test_no_secret_reaches_any_log_line(
    app: Flask, log_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    secrets = drive_everything_secret(app)
    captured = capsys.readouterr().err
    lines = lines_of(captured, log_format)

    assert len(lines) > 20
    for secret in secrets:
        assert secret not in captured, f"{secret!r} was logged"
    assert "@example.org" not in captured  # no email at all, not even a failed log-in's
    text = "\n".join(json.dumps(line) for line in lines)
    for event in ("signup", "login.failed", "login.succeeded", "upload.stored",
                  "upload.refused", "import.saved", "export.written"):  # fmt: skip
        assert event in text, f"no {event} event"
    assert "/join/<code>" in text and "/study/feedback/<token>" in text


def test_every_request_gets_one_line_and_an_id_it_sends_back(
    app: Flask, log_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = new_client(app)
    capsys.readouterr()
    given = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.91"})
    forged = client.get("/healthz", headers={"X-Request-ID": "x INFO forged <line>"})
    missing = client.get("/no-such-page")
    lines = lines_of(capsys.readouterr().err, log_format)

    assert given.headers["X-Request-ID"] == "lb-7f3a.91"
    generated = [forged.headers["X-Request-ID"], missing.headers["X-Request-ID"]]
    assert all(len(value) == 32 and value.isalnum() for value in generated)
    assert len(lines) == 3  # one line per request, nothing else
    if log_format == "json":
        assert [line["request_id"] for line in lines] == ["lb-7f3a.91", *generated]
        assert lines[0]["method"] == "GET" and lines[0]["path"] == "/healthz"
        assert lines[0]["status"] == 200 and lines[0]["duration_ms"] >= 0
        assert lines[2]["status"] == 404 and lines[2]["user_id"] is None
    else:
        assert "[lb-7f3a.91] request method=GET path=/healthz status=200" in lines[0]["text"]
        assert "forged" not in lines[1]["text"]


def test_the_logged_in_user_is_named_by_id(
    app: Flask, student_client: CSRFClient, student: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    student_client.get("/")
    assert f" user_id={student.id}" in capsys.readouterr().err


def test_a_failing_request_logs_its_traceback_with_its_request_id(
    app: Flask, log_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: a 500 page, not a raise

    @app.get("/explode/<token>")
    def explode(token: str) -> str:
        raise RuntimeError("the disk caught fire")

    capsys.readouterr()
    response = new_client(app).get("/explode/s3cr3t-token", headers={"X-Request-ID": "boom-1"})
    captured = capsys.readouterr().err
    assert response.status_code == 500
    assert "RuntimeError: the disk caught fire" in captured
    assert "s3cr3t-token" not in captured
    if log_format == "json":
        failure = next(line for line in lines_of(captured, "json") if "exc_info" in line)
        assert failure["event"] == "request.failed" and failure["request_id"] == "boom-1"
        assert failure["level"] == "ERROR" and failure["path"] == "/explode/<token>"
    else:
        assert "ERROR quizapp.failure [boom-1] request.failed method=GET" in captured
        assert "Traceback (most recent call last)" in captured
