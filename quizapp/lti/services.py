"""Calls from the tool to the LMS (the only module that talks to ``httpx``): its public
keys, an OAuth2 access token, scores (Assignment and Grade Services) and the course's
members (Names and Role Provisioning Services).

Every call has a short timeout: the LMS being slow or down must never hang a worker,
and the outbox tries again later.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from .keys import sign_with_tool_key
from .models import LtiPlatform

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
MEMBERSHIP_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
MEMBERSHIP_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
MAX_MEMBER_PAGES = 100


class ServiceError(RuntimeError):
    """The LMS did not answer as the specification says; the message says how."""


def _checked(response: httpx.Response, what: str) -> httpx.Response:
    if response.status_code >= 300:
        raise ServiceError(f"{what}: the LMS answered {response.status_code}.")
    return response


def _call(method: str, url: str, what: str, **kwargs: Any) -> httpx.Response:
    try:
        response = httpx.request(method, url, timeout=TIMEOUT, **kwargs)
    except httpx.HTTPError as error:
        raise ServiceError(f"{what}: {type(error).__name__} ({error}).") from error
    return _checked(response, what)


def fetch_jwks(url: str) -> dict[str, Any]:
    """The LMS's public key set."""
    try:
        body = _call("GET", url, "Fetching the LMS's keys").json()
    except ValueError as error:
        raise ServiceError("The LMS's key set is not JSON.") from error
    if not isinstance(body, dict) or not isinstance(body.get("keys"), list):
        raise ServiceError("The LMS's key set has no keys.")
    return body


def client_assertion(platform: LtiPlatform, now: datetime) -> str:
    """The JWT that stands for the tool's password at the token endpoint (RFC 7523)."""
    issued = int(now.timestamp())
    return sign_with_tool_key(
        {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": platform.token_url,
            "iat": issued,
            "exp": issued + 300,
            "jti": secrets.token_urlsafe(16),
        }
    )


def access_token(token_url: str, assertion: str, scope: str) -> str:
    """An OAuth2 client-credentials token for ``scope``."""
    response = _call(
        "POST",
        token_url,
        "Asking the LMS for an access token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
            "scope": scope,
        },
    )
    token = response.json().get("access_token")
    if not isinstance(token, str) or not token:
        raise ServiceError("The LMS's token answer has no access_token.")
    return token


def scores_url(line_item_url: str) -> str:
    """``<line item>/scores``, keeping the line item's query string where it belongs."""
    parts = urlsplit(line_item_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


@dataclass(frozen=True)
class Credentials:
    """What a call to the LMS needs, read from the database before the call, so no
    database transaction (nor SQLite's write lock) stays open while the LMS answers."""

    token_url: str
    assertion: str

    @classmethod
    def of(cls, platform: LtiPlatform, now: datetime) -> Credentials:
        return cls(platform.token_url, client_assertion(platform, now))


def post_score(credentials: Credentials, line_item_url: str, score: dict[str, Any]) -> None:
    token = access_token(credentials.token_url, credentials.assertion, SCORE_SCOPE)
    _call(
        "POST",
        scores_url(line_item_url),
        "Posting the score",
        json=score,
        headers={"Authorization": f"Bearer {token}", "Content-Type": SCORE_TYPE},
    )


def course_members(credentials: Credentials, memberships_url: str) -> list[dict[str, Any]]:
    """Every member of the course, following the ``Link: rel="next"`` pages."""
    token = access_token(credentials.token_url, credentials.assertion, MEMBERSHIP_SCOPE)
    headers = {"Authorization": f"Bearer {token}", "Accept": MEMBERSHIP_TYPE}
    members: list[dict[str, Any]] = []
    url: str | None = memberships_url
    for _ in range(MAX_MEMBER_PAGES):
        if url is None:
            break
        response = _call("GET", url, "Reading the course's members", headers=headers)
        page = response.json()
        members.extend(m for m in page.get("members", []) if isinstance(m, dict))
        next_link = response.links.get("next", {}).get("url")
        url = str(next_link) if next_link else None
    return members
