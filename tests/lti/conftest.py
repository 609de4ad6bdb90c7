"""Fixtures for the LTI tests: the test platform on the loopback, registered with the
app, and a helper that runs a whole launch (login initiation, then the id_token post)
through the test client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.lti.keys import public_jwks
from quizapp.lti.models import LtiContext, LtiPlatform, LtiUser
from quizapp.lti.registration import register_platform
from quizapp.models import Assignment, Classroom, Enrollment, QuizAttempt, User
from quizapp.timeutil import now_utc
from tests.support.clients import CSRFClient
from tests.support.lti_platform import INSTRUCTOR, LEARNER, LaunchSpec, TestPlatform

__all__ = ["INSTRUCTOR", "LEARNER", "LaunchSpec", "TestPlatform"]


@pytest.fixture(scope="session")
def lti_platform_server() -> Iterator[TestPlatform]:
    platform = TestPlatform()
    platform.start()
    try:
        yield platform
    finally:
        platform.stop()


def tool_jwks_of(app: Flask) -> Any:
    def read() -> dict[str, Any]:
        with app.app_context():
            try:
                return public_jwks(now_utc())
            finally:
                db.session.remove()

    return read


@pytest.fixture
def lms(app: Flask, lti_platform_server: TestPlatform) -> TestPlatform:
    """The test platform, reset and registered with this test's app (test client URLs)."""
    platform = lti_platform_server
    platform.reset()
    platform.tool_login_url = "http://localhost/lti/login"
    platform.tool_launch_url = "http://localhost/lti/launch"
    platform.tool_jwks = tool_jwks_of(app)
    app.config["LTI_SEND_AFTER_FINISH"] = False  # tests send the outbox themselves
    register_platform(**platform.registration())
    return platform


def start_login(client: CSRFClient, lms: TestPlatform, spec: LaunchSpec) -> dict[str, str]:
    """The login initiation; returns the authentication request the tool sent back."""
    hint = lms.add_launch(spec)
    response = client.get("/lti/login", query_string=lms.login_params(hint))
    assert response.status_code == 302, response.get_data(as_text=True)
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    return {name: values[0] for name, values in query.items()}


def post_launch(client: CSRFClient, token: str, state: str) -> Any:
    return client.post("/lti/launch", data={"id_token": token, "state": state}, csrf=False)


def launch(client: CSRFClient, lms: TestPlatform, spec: LaunchSpec, **changes: Any) -> Any:
    """A whole launch; ``changes`` alter the id_token's claims (see ``id_token``)."""
    request = start_login(client, lms, spec)
    return post_launch(client, lms.id_token(spec, request["nonce"], **changes), request["state"])


def row_counts() -> dict[str, int]:
    """What a launch may create; a refused launch must leave these as they were."""
    db.session.rollback()
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (User, LtiUser, Classroom, LtiContext, Enrollment, Assignment, QuizAttempt)
    }


def the_platform() -> LtiPlatform:
    return db.session.scalars(select(LtiPlatform)).one()


@pytest.fixture
def quiz_link(app: Flask, lms: TestPlatform) -> dict[str, Any]:
    """A quiz link of a built-in 4-fact bank with a gradebook column of 3, as deep linking
    makes it: the spec fields for ``LaunchSpec``."""
    from tests.support.study_fixtures import make_study_bank

    bank = make_study_bank(facts=4, slug="lti-bank", title="LTI bank")
    item = lms.add_line_item(3, "LTI bank: quiz of 3")
    return {"custom": {"quizapp_bank": bank.slug, "quizapp_quiz_size": "3"}, "line_item": item}


def learner(quiz_link: dict[str, Any], sub: str = "learner-1", **fields: Any) -> LaunchSpec:
    return LaunchSpec(sub=sub, roles=[LEARNER], name="Lee Learner", **quiz_link, **fields)


def instructor(**fields: Any) -> LaunchSpec:
    return LaunchSpec(sub="teacher-1", roles=[INSTRUCTOR], name="Tia Teacher", **fields)
