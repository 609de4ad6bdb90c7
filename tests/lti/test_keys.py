"""The tool's keys: made once, published at /lti/jwks, rotated with a grace period;
the LMS's keys: cached, and refetched when a launch names a key we have not seen."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from joserfc.jwk import RSAKey
from sqlalchemy import select
from werkzeug.wrappers import Request, Response

from quizapp.extensions import db
from quizapp.lti.keys import public_jwks, rotate_key, signing_key
from quizapp.lti.models import LtiPlatform
from quizapp.timeutil import now_utc

from .conftest import launch, learner, post_launch, row_counts, start_login


def test_the_jwks_publishes_one_public_key_made_once(client):
    first = client.get("/lti/jwks").get_json()
    assert client.get("/lti/jwks").get_json() == first
    [key] = first["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert "d" not in key and "p" not in key  # never the private half


def test_a_rotated_key_stays_published_until_its_grace_ends(app):
    old = signing_key()
    now = now_utc()
    new = rotate_key(now, timedelta(days=7))
    kids = [key["kid"] for key in public_jwks(now)["keys"]]
    assert kids == [old.kid, new.kid]
    assert signing_key().kid == new.kid
    later = [key["kid"] for key in public_jwks(now + timedelta(days=8))["keys"]]
    assert later == [new.kid]


def test_a_new_lms_key_is_fetched_when_a_launch_names_it(client, lms, quiz_link):
    launch(client, lms, learner(quiz_link))
    client.post("/auth/logout")
    platform = db.session.scalars(select(LtiPlatform)).one()
    lms.key = RSAKey.generate_key(2048, parameters={"kid": "platform-key-2"}, private=True)
    response = launch(client, lms, learner(quiz_link))
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert platform.jwks["keys"][0]["kid"] == "platform-key-2"


def test_a_key_the_lms_rotates_right_after_a_launch_is_fetched(client, lms, quiz_link):
    launch(client, lms, learner(quiz_link))
    client.post("/auth/logout")
    lms.key = RSAKey.generate_key(2048, parameters={"kid": "platform-key-2"}, private=True)
    response = launch(client, lms, learner(quiz_link))  # within a second of the first
    assert response.status_code == 302, response.get_data(as_text=True)


def test_unknown_key_ids_refetch_the_lms_keys_once_per_few_seconds(client, lms, quiz_link):
    launch(client, lms, learner(quiz_link))
    client.post("/auth/logout")
    forger = RSAKey.generate_key(2048, parameters={"kid": "forged"}, private=True)
    fetches = len([path for _, path in lms.requests if path == "/jwks"])
    for _ in range(3):
        response = launch(client, lms, learner(quiz_link), _key=forger)
        assert "signature does not verify" in response.get_data(as_text=True)
    assert len([path for _, path in lms.requests if path == "/jwks"]) == fetches + 1


def test_the_cli_registers_an_lms_and_rotates_the_key(app):
    runner = app.test_cli_runner()
    registered = runner.invoke(
        args=[
            "lti", "register", "--issuer", "https://moodle.school.example",
            "--client-id", "abc", "--auth-url", "https://moodle.school.example/mod/lti/auth.php",
            "--token-url", "https://moodle.school.example/mod/lti/token.php",
            "--jwks-url", "https://moodle.school.example/mod/lti/certs.php",
            "--deployment-id", "1", "--deployment-id", "2",
        ]
    )  # fmt: skip
    assert registered.exit_code == 0, registered.output
    assert "Registered https://moodle.school.example (client abc): 1, 2." in registered.output
    listed = runner.invoke(args=["lti", "list"])
    assert "https://moodle.school.example\tabc\t1, 2" in listed.output
    rotated = runner.invoke(args=["lti", "rotate-key"])
    assert rotated.exit_code == 0 and "now signs with key" in rotated.output
    bad = runner.invoke(
        args=["lti", "register", "--issuer", "moodle", "--client-id", "x", "--auth-url", "a",
              "--token-url", "b", "--jwks-url", "c", "--deployment-id", "1"]
    )  # fmt: skip
    assert bad.exit_code == 2 and "is not an http(s) address" in bad.output


def test_the_setup_page_shows_the_values_to_paste_into_the_lms(teacher_client, lms):
    page = teacher_client.get("/lti/setup").get_data(as_text=True)
    for value in (
        "http://localhost/lti/login",
        "http://localhost/lti/launch",
        "http://localhost/lti/jwks",
        lms.issuer,
    ):
        assert value in page


def test_students_cannot_open_the_setup_page(student_client):
    assert student_client.get("/lti/setup").status_code == 403


def _unsigned_token(header: dict, claims: dict) -> str:
    def segment(part: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()

    return f"{segment(header)}.{segment(claims)}.c2ln"


@pytest.mark.parametrize("kid", [[], {"a": 1}, 5, ["platform-key-1"]])
def test_a_token_whose_key_id_is_not_text_is_refused(client, lms, quiz_link, kid):
    spec = learner(quiz_link)
    request = start_login(client, lms, spec)
    token = _unsigned_token(
        {"alg": "RS256", "typ": "JWT", "kid": kid}, lms.claims(spec, request["nonce"])
    )
    before = row_counts()
    response = post_launch(client, token, request["state"])
    assert response.status_code == 403
    assert "key id (kid) is not text" in response.get_data(as_text=True)
    assert row_counts() == before


def test_entries_of_the_lms_key_set_that_are_not_keys_are_passed_over(client, lms, quiz_link):
    def jwks(request: Request) -> Response:
        keys = ["junk", 5, None, *lms.public_jwks()["keys"]]
        return Response(json.dumps({"keys": keys}), content_type="application/json")

    lms.answers["jwks"] = jwks
    response = launch(client, lms, learner(quiz_link))
    assert response.status_code == 302, response.get_data(as_text=True)


MOODLE = [
    "lti", "register", "--issuer", "https://moodle.school.example", "--client-id", "abc",
    "--auth-url", "https://moodle.school.example/mod/lti/auth.php",
    "--token-url", "https://moodle.school.example/mod/lti/token.php",
    "--jwks-url", "https://moodle.school.example/mod/lti/certs.php",
]  # fmt: skip


def test_registering_again_to_add_a_deployment_keeps_the_frame_origin(app):
    """The README says to register again to add a deployment: a frame origin given the
    first time (a Canvas school's pages) stays unless a new one is given, and the list
    shows it."""
    runner = app.test_cli_runner()
    first = runner.invoke(
        args=[*MOODLE, "--deployment-id", "1", "--frame-origin", "https://pages.school.example"]
    )
    assert first.exit_code == 0, first.output
    again = runner.invoke(args=[*MOODLE, "--deployment-id", "2"])
    assert again.exit_code == 0, again.output
    assert "framed by https://pages.school.example" in again.output
    listed = runner.invoke(args=["lti", "list"]).output
    assert "https://moodle.school.example\tabc\t1, 2\tframed by https://pages.school.example" in (
        listed
    )
    moved = runner.invoke(
        args=[*MOODLE, "--deployment-id", "2", "--frame-origin", "https://new.school.example"]
    )
    assert "framed by https://new.school.example" in moved.output


def test_a_registration_with_an_empty_deployment_id_is_refused(app):
    runner = app.test_cli_runner()
    outcome = runner.invoke(args=[*MOODLE, "--deployment-id", " "])
    assert outcome.exit_code == 2
    assert "deployment id" in outcome.output.lower()
    assert "https://moodle.school.example" not in runner.invoke(args=["lti", "list"]).output


def test_a_registration_with_an_empty_client_id_is_refused_and_an_empty_list_says_so(app):
    runner = app.test_cli_runner()
    assert "No LMS is registered" in runner.invoke(args=["lti", "list"]).output
    without_client = [*MOODLE[:5], " ", *MOODLE[6:]]
    outcome = runner.invoke(args=[*without_client, "--deployment-id", "1"])
    assert outcome.exit_code == 2
    assert "client id must be given" in outcome.output
    assert "No LMS is registered" in runner.invoke(args=["lti", "list"]).output
