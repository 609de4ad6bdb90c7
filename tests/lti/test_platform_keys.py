"""The LMS's public keys are kept for a lifetime (the key set's ``max-age`` within
bounds, an hour by default), then fetched again: a key the LMS removed stops verifying
launches. When that refetch fails, the stale keys serve for a bounded grace time only,
and the log says so. The clock is the test's: no sleeping."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from joserfc.jwk import RSAKey
from sqlalchemy import select
from werkzeug.wrappers import Request, Response

from quizapp.extensions import db
from quizapp.lti import routes
from quizapp.lti.models import LtiPlatform
from quizapp.lti.services import cache_max_age
from quizapp.timeutil import now_utc

from .conftest import LaunchSpec, TestPlatform, launch, learner


class Clock:
    """The app's clock for LTI launches, moved on by the test."""

    def __init__(self) -> None:
        self.now = now_utc()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(routes, "now_utc", moved)
    return moved


def launch_at(
    client: Any, lms: TestPlatform, spec: LaunchSpec, clock: Clock, **changes: Any
) -> Any:
    """A launch whose token was issued at the clock's time (signed with ``_key`` if given)."""
    issued = int(clock.now.timestamp())
    client.post("/auth/logout")
    return launch(client, lms, spec, iat=issued, exp=issued + 300, **changes)


def key_fetches(lms: TestPlatform) -> int:
    return len([path for _, path in lms.requests if path == "/jwks"])


def jwks_answer(lms: TestPlatform, cache_control: str) -> Callable[[Request], Response]:
    def answer(request: Request) -> Response:
        return Response(
            json.dumps(lms.public_jwks()),
            content_type="application/json",
            headers={"Cache-Control": cache_control},
        )

    return answer


def new_platform_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid}, private=True)


def test_a_key_the_lms_removed_stops_verifying_launches_after_an_hour(
    client, lms, quiz_link, clock
):
    spec = learner(quiz_link)
    assert launch_at(client, lms, spec, clock).status_code == 302
    removed = lms.key
    lms.key = new_platform_key("platform-key-2")  # the LMS's key set no longer lists key 1
    clock.advance(minutes=59)
    assert launch_at(client, lms, spec, clock, _key=removed).status_code == 302  # still cached
    clock.advance(minutes=2)
    refused = launch_at(client, lms, spec, clock, _key=removed)
    assert refused.status_code == 403
    assert "signature does not verify" in refused.get_data(as_text=True)
    assert launch_at(client, lms, spec, clock).status_code == 302  # the LMS's new key


def test_keys_are_fetched_again_after_the_max_age_the_lms_gives(client, lms, quiz_link, clock):
    lms.answers["jwks"] = jwks_answer(lms, "public, max-age=120")
    spec = learner(quiz_link)
    launch_at(client, lms, spec, clock)
    clock.advance(seconds=100)
    launch_at(client, lms, spec, clock)
    assert key_fetches(lms) == 1
    clock.advance(seconds=30)
    assert launch_at(client, lms, spec, clock).status_code == 302
    assert key_fetches(lms) == 2


@pytest.mark.parametrize(
    "cache_control, kept_minutes",
    [
        ("max-age=31536000", 60),  # a year: kept an hour at most
        ("no-store", 1),  # not to be kept: a minute, or every launch would fetch them
        ("max-age=5", 1),
        ("s-maxage=600", 60),  # a shared cache's age is not ours
        ("max-age=lots", 60),
    ],
)
def test_the_lmss_max_age_is_kept_within_a_minute_and_an_hour(
    client, lms, quiz_link, clock, cache_control, kept_minutes
):
    lms.answers["jwks"] = jwks_answer(lms, cache_control)
    spec = learner(quiz_link)
    launch_at(client, lms, spec, clock)
    clock.advance(minutes=kept_minutes, seconds=-5)
    launch_at(client, lms, spec, clock)
    assert key_fetches(lms) == 1
    clock.advance(seconds=10)
    launch_at(client, lms, spec, clock)
    assert key_fetches(lms) == 2


def test_the_longest_lifetime_is_a_setting(app: Flask, client, lms, quiz_link, clock):
    app.config["LTI_JWKS_MAX_AGE_SECONDS"] = 600
    spec = learner(quiz_link)
    launch_at(client, lms, spec, clock)
    clock.advance(minutes=11)
    launch_at(client, lms, spec, clock)
    assert key_fetches(lms) == 2


def failing_jwks(request: Request) -> Response:
    return Response("down for maintenance", status=503)


def test_stale_keys_serve_for_the_grace_time_while_the_lms_cannot_be_reached(
    client, lms, quiz_link, clock, capsys
):
    spec = learner(quiz_link)
    launch_at(client, lms, spec, clock)
    lms.answers["jwks"] = failing_jwks
    clock.advance(minutes=61)
    capsys.readouterr()
    assert launch_at(client, lms, spec, clock).status_code == 302
    logged = capsys.readouterr().err
    assert "the LMS's keys could not be fetched again" in logged
    assert "the LMS answered 503" in logged and "stale keys are used until" in logged
    fetches = key_fetches(lms)
    clock.advance(seconds=10)  # a moment after a failed refetch: no second try yet
    assert launch_at(client, lms, spec, clock).status_code == 302
    assert key_fetches(lms) == fetches
    clock.advance(minutes=58)
    assert launch_at(client, lms, spec, clock).status_code == 302  # 1 h 59 min after the fetch
    clock.advance(minutes=2)  # the grace (an hour past the lifetime) is over
    refused = launch_at(client, lms, spec, clock)
    assert refused.status_code == 403
    assert "public keys could not be read" in refused.get_data(as_text=True)
    del lms.answers["jwks"]
    clock.advance(minutes=1)
    assert launch_at(client, lms, spec, clock).status_code == 302  # the LMS is back


def test_the_grace_time_is_a_setting(app: Flask, client, lms, quiz_link, clock):
    app.config["LTI_JWKS_GRACE_SECONDS"] = 60
    spec = learner(quiz_link)
    launch_at(client, lms, spec, clock)
    lms.answers["jwks"] = failing_jwks
    clock.advance(minutes=62)
    assert launch_at(client, lms, spec, clock).status_code == 403


def test_a_removed_key_is_refused_when_the_refetch_finds_the_lms_keys_changed(
    client, lms, quiz_link, clock
):
    """Stale keys stand in only when the refetch fails, never for a key set that came."""
    spec = learner(quiz_link)
    launch_at(client, lms, spec, clock)
    removed = lms.key
    lms.key = new_platform_key("platform-key-2")
    lms.answers["jwks"] = jwks_answer(lms, "max-age=3600")
    clock.advance(minutes=61)
    assert launch_at(client, lms, spec, clock, _key=removed).status_code == 403
    clock.advance(seconds=1)
    assert launch_at(client, lms, spec, clock, _key=removed).status_code == 403


@pytest.mark.parametrize(
    "header, seconds",
    [
        ("max-age=300", 300),
        ("public, max-age=300, must-revalidate", 300),
        ('MAX-AGE="60"', 60),
        ("private, no-cache", 0),
        ("no-store, max-age=900", 0),
        ("s-maxage=300", None),
        ("max-age=-1", None),
        ("max-age=1e9", None),
        ("max-age=٣٠٠", None),
        ("", None),
    ],
)
def test_cache_control_is_read_as_rfc_9111_says(header, seconds):
    assert cache_max_age(header) == seconds


def test_keys_cached_before_they_had_a_lifetime_are_fetched_again(client, lms, quiz_link, clock):
    spec = learner(quiz_link)
    launch_at(client, lms, spec, clock)
    platform = db.session.scalars(select(LtiPlatform)).one()
    platform.jwks = {"keys": platform.jwks["keys"]}  # as an older quizapp kept them
    db.session.commit()
    launch_at(client, lms, spec, clock)
    assert key_fetches(lms) == 2
