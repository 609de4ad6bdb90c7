"""Calls from the tool to the LMS (the only module that talks to ``httpx``): its public
keys, an OAuth2 access token, scores (Assignment and Grade Services) and the course's
members (Names and Role Provisioning Services).

Every call is bounded: it goes only to the LMS's registered sites (an address in a
signed claim or a ``Link`` header is still input: it must not point the server's
requests, nor the access token, at another host), it ends within a deadline however
slowly the LMS answers, and it reads at most ``MAX_ANSWER_BYTES``. The LMS being slow,
down or wrong must never hang a worker; the outbox tries again later.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from .keys import sign_with_tool_key
from .models import LtiPlatform
from .registration import RegistrationError, origin_of, platform_origins

CONNECT_SECONDS = 5.0
READ_SECONDS = 10.0
# A whole call (token and score, or every page of a member list) ends within this; it is
# below gunicorn's 30 s worker timeout and the outbox's 2-minute claim on a score.
CALL_SECONDS = 20.0
MAX_ANSWER_BYTES = 5 * 1024 * 1024
# At 10 members a page (a common default), MAX_MEMBERS fit in this many pages.
MAX_MEMBER_PAGES = 500
MAX_MEMBERS = 5000
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
MEMBERSHIP_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
MEMBERSHIP_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
# RFC 6750's b64token: what may follow "Bearer " in a header.
ACCESS_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]{1,4096}=*")


class ServiceError(RuntimeError):
    """The LMS did not answer as the specification says; the message says how, and
    ``status`` is the HTTP status when the LMS answered with an error."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


# What a score post answers when the gradebook column is no longer there.
COLUMN_GONE_STATUSES = (404, 410)
COLUMN_GONE = "The gradebook column is gone from the LMS (was it deleted there?)"


class ColumnGone(ServiceError):
    """The score post was answered 404 or 410: the LMS has no such gradebook column."""


@dataclass(frozen=True)
class Answer:
    """An LMS answer read within its bounds: the body, the next page's address and its
    ``Cache-Control`` header."""

    body: bytes
    next_url: str | None
    cache_control: str = ""

    def json(self, what: str) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError) as error:  # RecursionError: absurdly nested
            raise ServiceError(f"{what}: the LMS's answer is not JSON.") from error


def _deadline() -> float:
    return time.monotonic() + CALL_SECONDS


def _check_origin(url: str, origins: Collection[str], what: str) -> None:
    try:
        origin = origin_of(url)
    except RegistrationError as error:
        raise ServiceError(f"{what}: the address is not an http(s) URL.") from error
    if origin not in origins:
        raise ServiceError(f"{what}: {origin} is not one of the LMS's registered sites.")


def _call(
    method: str, url: str, what: str, origins: Collection[str], deadline: float, **kwargs: Any
) -> Answer:
    """One request to the LMS, refused before it is sent when ``url`` is not on one of
    ``origins``, and given up at ``deadline`` or past ``MAX_ANSWER_BYTES``."""
    _check_origin(url, origins, what)
    left = deadline - time.monotonic()
    if left <= 0:
        raise ServiceError(f"{what}: the LMS took longer than {CALL_SECONDS:.0f} s to answer.")
    timeout = httpx.Timeout(min(READ_SECONDS, left), connect=min(CONNECT_SECONDS, left))
    try:
        with httpx.stream(method, url, timeout=timeout, **kwargs) as response:
            if response.status_code >= 300:
                raise ServiceError(
                    f"{what}: the LMS answered {response.status_code}.", response.status_code
                )
            body = _read(response, what, deadline)
            next_link = response.links.get("next", {}).get("url")
            next_url = urljoin(str(response.url), str(next_link)) if next_link else None
            cache_control = response.headers.get("cache-control", "")
    except httpx.HTTPError as error:
        raise ServiceError(f"{what}: {type(error).__name__} ({error}).") from error
    return Answer(body, next_url, cache_control)


def _read(response: httpx.Response, what: str, deadline: float) -> bytes:
    """The body, chunk by chunk: a huge or endless answer, or one dripped slowly enough
    to dodge the read timeout, stops at its bound."""
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > MAX_ANSWER_BYTES:
            raise ServiceError(
                f"{what}: the LMS's answer is larger than {MAX_ANSWER_BYTES // 2**20} MB."
            )
        if time.monotonic() > deadline:
            raise ServiceError(f"{what}: the LMS took longer than {CALL_SECONDS:.0f} s to answer.")
    return bytes(body)


@dataclass(frozen=True)
class KeySetAnswer:
    """The LMS's public key set and how long it said to keep it (``max-age``, seconds;
    0 for ``no-store``/``no-cache``, None when it did not say)."""

    jwks: dict[str, Any]
    max_age: int | None


def cache_max_age(cache_control: str) -> int | None:
    """The ``max-age`` of a ``Cache-Control`` header (RFC 9111), 0 when the answer may
    not be reused as it is; None when the header says neither."""
    max_age: int | None = None
    for directive in cache_control.split(","):
        name, _, value = directive.strip().partition("=")
        name = name.strip().lower()
        if name in {"no-store", "no-cache"}:
            return 0
        value = value.strip().strip('"')
        if name == "max-age" and value.isascii() and value.isdigit() and len(value) <= 10:
            max_age = int(value)
    return max_age


def fetch_jwks(url: str) -> KeySetAnswer:
    """The LMS's public key set, from its registered address."""
    what = "Fetching the LMS's keys"
    try:
        origins = {origin_of(url)}
    except RegistrationError as error:
        raise ServiceError(f"{what}: the address is not an http(s) URL.") from error
    answer = _call("GET", url, what, origins, _deadline())
    body = answer.json(what)
    if not isinstance(body, dict) or not isinstance(body.get("keys"), list):
        raise ServiceError("The LMS's key set has no keys.")
    return KeySetAnswer({"keys": body["keys"]}, cache_max_age(answer.cache_control))


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


def scores_url(line_item_url: str) -> str:
    """``<line item>/scores``, keeping the line item's query string where it belongs."""
    parts = urlsplit(line_item_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


@dataclass(frozen=True)
class Credentials:
    """What a call to the LMS needs, read from the database before the call, so no
    database transaction (nor SQLite's write lock) stays open while the LMS answers:
    the token endpoint, the signed assertion, and the sites calls may go to."""

    token_url: str
    assertion: str
    origins: frozenset[str]

    @classmethod
    def of(cls, platform: LtiPlatform, now: datetime) -> Credentials:
        return cls(
            platform.token_url,
            client_assertion(platform, now),
            frozenset(platform_origins(platform)),
        )

    def access_token(self, scope: str, deadline: float) -> str:
        """An OAuth2 client-credentials token for ``scope``."""
        what = "Asking the LMS for an access token"
        body = _call(
            "POST",
            self.token_url,
            what,
            self.origins,
            deadline,
            data={
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": self.assertion,
                "scope": scope,
            },
        ).json(what)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not ACCESS_TOKEN.fullmatch(token):
            raise ServiceError("The LMS's token answer has no usable access_token.")
        return token


def post_score(credentials: Credentials, line_item_url: str, score: dict[str, Any]) -> None:
    deadline = _deadline()
    token = credentials.access_token(SCORE_SCOPE, deadline)
    try:
        _call(
            "POST",
            scores_url(line_item_url),
            "Posting the score",
            credentials.origins,
            deadline,
            json=score,
            headers={"Authorization": f"Bearer {token}", "Content-Type": SCORE_TYPE},
        )
    except ServiceError as error:
        if error.status not in COLUMN_GONE_STATUSES:
            raise
        raise ColumnGone(f"{COLUMN_GONE}: it answered {error.status}.", error.status) from error


def course_members(credentials: Credentials, memberships_url: str) -> list[Any]:
    """Every entry of the course's member list, following the ``Link: rel="next"``
    pages (on the LMS's own sites only: they carry the access token). The entries are
    as the LMS sent them; ``roster`` reads each one."""
    deadline = _deadline()
    token = credentials.access_token(MEMBERSHIP_SCOPE, deadline)
    headers = {"Authorization": f"Bearer {token}", "Accept": MEMBERSHIP_TYPE}
    what = "Reading the course's members"
    members: list[Any] = []
    url: str | None = memberships_url
    for _ in range(MAX_MEMBER_PAGES):
        if url is None:
            break
        answer = _call("GET", url, what, credentials.origins, deadline, headers=headers)
        page = answer.json(what)
        if not isinstance(page, dict) or not isinstance(page.get("members", []), list):
            raise ServiceError(f"{what}: the LMS's answer is not a member list.")
        members.extend(page.get("members", []))
        if len(members) > MAX_MEMBERS:
            raise ServiceError(
                f"The course lists more than {MAX_MEMBERS:,} members; quizapp syncs up to "
                f"{MAX_MEMBERS:,}."
            )
        url = answer.next_url
    if url is not None:  # a part of the list would enrol some and take others for gone
        raise ServiceError(
            f"{what}: the list runs to more than {MAX_MEMBER_PAGES} pages; quizapp reads up "
            f"to {MAX_MEMBER_PAGES}."
        )
    return members
