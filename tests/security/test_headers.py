"""Every GET route of the URL map answers with the security headers, as the right person.

The route list comes from the app, so a new page is covered the day it is added; its
path values come from real rows made by the factories.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule

from quizapp.extensions import db
from quizapp.headers import CONTENT_SECURITY_POLICY, content_security_policy
from quizapp.lti import framing
from quizapp.lti.registration import register_platform
from quizapp.media.images import check_image
from quizapp.media.store import store_image
from quizapp.models import PendingUpload
from quizapp.study.answers import Submission, submit_answer
from quizapp.study.issued_items import current_study_item
from quizapp.study.queue import bank_scope
from quizapp.timeutil import now_utc
from tests.support.clients import AuthActions, CSRFClient
from tests.support.factories import make_attempt, make_classroom, make_user
from tests.support.image_fixtures import png_bytes
from tests.support.progress_fixtures import counting_statements
from tests.support.study_fixtures import make_study_bank
from tests.support.teach_fixtures import fixture_bytes

# Pages for teachers; every other page is opened by a student (or by nobody: log-in).
TEACHER_ENDPOINTS = ("teach.", "progress.classes", "progress.classroom", "progress.export",
                     "progress.student", "media.upload_image", "lti.setup")  # fmt: skip
ANONYMOUS_ENDPOINTS = ("auth.login", "auth.signup", "main.healthz", "static", "lti.jwks",
                       "lti.login")  # fmt: skip
# Query strings a route needs to answer 200 or 302 (an LMS's login initiation).
LMS_ISSUER = "https://lms.example"
LOGIN_QUERY = {
    "iss": LMS_ISSUER,
    "login_hint": "someone",
    "target_link_uri": "http://localhost/lti/launch",
}
QUERIES = {
    "lti.login": LOGIN_QUERY,
    # A login begun in the LMS's frame whose cookie did not come back: "open in a new window".
    "lti.login_check": {**LOGIN_QUERY, "state": "s" * 32},
}
# Pages an LMS frames before any session exists: framed by that LMS only.
LMS_FRAMED_ENDPOINTS = ("lti.login_check",)
DOWNLOAD_ENDPOINTS = ("progress.export", "progress.my_data", "teach.export_bank")


def get_rules(app: Flask) -> list[Rule]:
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())),
        key=lambda rule: rule.rule,
    )


def identity_for(endpoint: str) -> str:
    if endpoint.startswith(ANONYMOUS_ENDPOINTS):
        return "anonymous"
    return "teacher" if endpoint.startswith(TEACHER_ENDPOINTS) else "student"


@pytest.fixture
def world(app: Flask) -> dict[str, Any]:
    """One of everything a path can name, owned by the people who may open it."""
    teacher = make_user(email="walk-teacher@example.org", role="teacher")
    student = make_user(email="walk-student@example.org")
    bank = make_study_bank(facts=2, owner=teacher)
    classroom = make_classroom(teacher, students=[student], banks=[bank])
    fact = bank.facts[0]
    item = current_study_item(student, bank_scope(student, bank), now_utc())
    submit_answer(student, item.token, Submission(response="x", choice=0, self_rating=3), now_utc())
    attempt = make_attempt(student, bank, {fact.questions[0]: True})
    # An upload whose preview shows an image, the same one the bank already holds.
    pending = PendingUpload(
        owner_id=teacher.id,
        filename="maps.xml",
        bank_title="Maps",
        text=fixture_bytes("moodle_images.xml").decode("utf-8"),
        chosen_format="moodle-xml",
    )
    db.session.add(pending)
    image = store_image(bank, check_image(png_bytes(20, 90, 200)))
    register_platform(
        issuer=LMS_ISSUER,
        client_id="walk",
        auth_url=LMS_ISSUER + "/auth",
        token_url=LMS_ISSUER + "/token",
        jwks_url=LMS_ISSUER + "/jwks",
        deployment_ids=["1"],
    )
    db.session.commit()
    return {
        "teacher": teacher,
        "student": student,
        "values": {
            "slug": bank.slug,
            "classroom_id": classroom.id,
            "student_id": student.id,
            "teacher_id": teacher.id,  # the owner asking to leave: told they cannot (302)
            "assignment_id": classroom.assignments[0].id,
            "fact_id": fact.id,
            "question_id": fact.questions[0].id,
            "attempt_id": attempt.id,
            "pending_id": pending.id,
            "token": item.token,
            "code": classroom.join_code,
            "kind": "answers",
            "fmt": "csv",
            "filename": "style.css",
            "sha256": image.sha256,
            "ext": "png",
        },
    }


def logged_in(app: Flask, email: str | None) -> CSRFClient:
    client: CSRFClient = app.test_client()  # type: ignore[assignment]
    if email:
        AuthActions(client).login(email)
    return client


def walk_get_routes(
    app: Flask, world: dict[str, Any], clients: dict[str, CSRFClient]
) -> Iterator[tuple[Rule, str, Any]]:
    """(rule, url, response) for every GET route, opened by the identity that may use it."""
    for rule in get_rules(app):
        url = rule.build({name: world["values"][name] for name in rule.arguments})[1]
        query = QUERIES.get(rule.endpoint)
        response = clients[identity_for(rule.endpoint)].get(url, query_string=query)
        response.get_data()
        response.close()
        assert response.status_code in (200, 302), f"{url} answered {response.status_code}"
        yield rule, url, response


def test_every_get_route_sends_the_security_headers(app: Flask, world: dict[str, Any]) -> None:
    clients = {
        "anonymous": logged_in(app, None),
        "student": logged_in(app, world["student"].email),
        "teacher": logged_in(app, world["teacher"].email),
    }
    checked = []
    for rule, url, response in walk_get_routes(app, world, clients):
        headers = response.headers
        if rule.endpoint in LMS_FRAMED_ENDPOINTS:
            policy = content_security_policy(frame_ancestor=LMS_ISSUER)
            assert headers["Content-Security-Policy"] == policy, url
            assert "X-Frame-Options" not in headers, url
        else:
            assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
            assert headers["X-Frame-Options"] == "DENY", url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "same-origin", url
        assert "Strict-Transport-Security" not in headers, url
        if rule.endpoint in DOWNLOAD_ENDPOINTS:
            assert headers["Cache-Control"] == "no-store", url
            assert headers["Content-Type"].count("charset") == 1, headers["Content-Type"]
        checked.append(rule.endpoint)
    assert len(checked) >= 20


def test_no_page_shown_to_someone_logged_in_is_kept_for_the_back_button(
    app: Flask, world: dict[str, Any]
) -> None:
    """A page kept by the browser came back on Back after a log-out or an account's
    deletion: on a shared computer the next person saw the last one's progress, classes or
    email. Files that are the same for everyone (style sheet, icons) may be kept."""
    clients = {
        "anonymous": logged_in(app, None),
        "student": logged_in(app, world["student"].email),
        "teacher": logged_in(app, world["teacher"].email),
    }
    kept = [
        url
        for rule, url, response in walk_get_routes(app, world, clients)
        if identity_for(rule.endpoint) != "anonymous"
        and response.mimetype == "text/html"
        and "no-store" not in response.headers.get("Cache-Control", "")
    ]
    assert kept == []
    not_found = clients["student"].get("/no-such-page")  # its menu names the person
    assert not_found.headers["Cache-Control"] == "no-store"


def test_a_style_sheet_fetched_logged_in_is_kept_and_reads_no_account(student_client) -> None:
    """The style sheet is the same for everyone: kept (revalidated), and fetching it never
    loads the account from the database."""
    with counting_statements() as statements:
        response = student_client.get("/static/style.css")
    response.close()
    assert response.headers["Cache-Control"] == "no-cache"
    assert statements == []


def test_in_an_lti_session_only_the_pages_a_launch_opens_may_be_framed_by_the_lms(
    app: Flask, world: dict[str, Any]
) -> None:
    clients = {
        "anonymous": logged_in(app, None),
        "student": logged_in(app, world["student"].email),
        "teacher": logged_in(app, world["teacher"].email),
    }
    for client in clients.values():
        with client.session_transaction() as session:
            session[framing.SESSION_KEY] = {"origin": LMS_ISSUER, "platform": 1}
    framed = []
    for rule, url, response in walk_get_routes(app, world, clients):
        policy = response.headers["Content-Security-Policy"]
        if rule.endpoint.startswith(framing.FRAMEABLE_ENDPOINTS):
            assert policy == content_security_policy(frame_ancestor=LMS_ISSUER), url
            assert "X-Frame-Options" not in response.headers, url
            framed.append(rule.endpoint)
        else:
            assert policy == CONTENT_SECURITY_POLICY, url
            assert response.headers["X-Frame-Options"] == "DENY", url
    assert {"study.session", "study.quiz", "teach.classroom", "lti.setup"} <= set(framed)
    assert not any(endpoint.startswith(("auth.", "teach.bank", "main.")) for endpoint in framed)


def test_the_policy_forbids_inline_script_and_framing() -> None:
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "object-src 'none'" in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("fmt", ["csv", "gift", "json", "apkg"])
def test_every_bank_export_is_a_fresh_unsniffed_download(teacher_client, teacher, fmt) -> None:
    bank = make_study_bank(facts=1, owner=teacher)
    response = teacher_client.get(f"/teach/banks/{bank.slug}/export/{fmt}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    content_type = response.headers["Content-Type"]
    assert content_type.count("charset") == (0 if fmt == "apkg" else 1), content_type


def test_hsts_is_sent_only_when_cookies_are_https_only(app: Flask, client) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=")


def test_error_pages_carry_the_headers_too(client) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_no_template_has_inline_script_style_or_event_handler() -> None:
    import re
    from pathlib import Path

    import quizapp

    root = Path(quizapp.__file__).parent
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+\s*=", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in [*root.rglob("*.html"), root / "progress" / "charts.py"]
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
