"""The two steps of an LTI 1.3 launch: OIDC third-party login initiation, then the
signed ``id_token`` the LMS posts back, checked as the specification requires.

``state`` and ``nonce`` are drawn at login initiation and kept in a signed, short-lived
cookie on ``/lti/`` only, so the token is accepted only in the browser that started the
login (state) and only once (the nonce is stored when used, see ``use_nonce``).

One cookie per login lets a teacher open several links at once, but any page can make a
browser start log-ins: at most ``MAX_PENDING_LOGINS`` wait, the oldest dropped as a new
one starts, so the launch's request headers stay small.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..storable_text import is_storable
from . import claims as c
from . import tokens
from .models import LtiDeployment, LtiNonce, LtiPlatform
from .platform_keys import keys_for
from .registration import RegistrationError, origin_of, platform_origins
from .services import ServiceError

LOGIN_COOKIE_PREFIX = "lti_login_"
LOGIN_MAX_AGE = timedelta(minutes=10)
MAX_PENDING_LOGINS = 5
# Where the login cookies live: both the login (which drops the oldest) and the launch
# must receive them.
LOGIN_COOKIE_PATH = "/lti/"
STATE_BYTES = 24
# What ``secrets.token_urlsafe(STATE_BYTES)`` gives: 32 characters of the URL-safe alphabet.
ISSUED_STATE = re.compile(r"[A-Za-z0-9_-]{32}")
LEEWAY_SECONDS = 60
MAX_SHOWN_LENGTH = 200
MAX_RETURN_URL_LENGTH = 2000  # it travels in the session cookie until the pick
MESSAGE_TYPES = (c.RESOURCE_LINK_REQUEST, c.DEEP_LINKING_REQUEST)
# The one kind of content item the picker answers with.
RESOURCE_LINK = "ltiResourceLink"


def is_issued_state(state: str) -> bool:
    """Whether ``state`` has the shape of one we give out. The posted state names the
    login cookie, and the launch URL takes posts from any site: only a state of our own
    alphabet and length may reach a cookie name (no ``;``, ``=``, CR or LF)."""
    return ISSUED_STATE.fullmatch(state) is not None


class LaunchRefused(ValueError):
    """A login or launch we refuse; the message is shown to the person in the LMS.

    ``frame_origin`` is the LMS's, once it is known, so the refusal shows in its frame."""

    frame_origin: str | None = None


@dataclass(frozen=True)
class LoginStart:
    """Where to send the browser, and the cookie that binds the answer to it."""

    redirect_url: str
    cookie_name: str
    cookie_value: str


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="lti-login")


def _shown(value: str) -> str:
    """An identifier the LMS sent, fit to show on the refusal page and in its log line
    (no line breaks or control characters, bounded), so the administrator can register it."""
    return c.text(value)[:MAX_SHOWN_LENGTH]


def find_platform(issuer: str, client_id: str | None) -> LtiPlatform:
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        query = query.where(LtiPlatform.client_id == client_id)
    found = list(db.session.scalars(query.limit(2)))
    if not found:
        client = f", client id {_shown(client_id)}" if client_id else ""
        raise LaunchRefused(
            f"This LMS ({_shown(issuer)}{client}) is not registered with quizapp. Ask your "
            "administrator to register it (flask lti register)."
        )
    if len(found) > 1:
        raise LaunchRefused("The LMS did not say which of its registrations this is (client_id).")
    return found[0]


def _login_platform(params: Mapping[str, str], launch_url: str) -> LtiPlatform:
    """The registered LMS a login initiation comes from, once its parameters hold."""
    issuer, login_hint = params.get("iss", ""), params.get("login_hint", "")
    target = params.get("target_link_uri", "")
    if not issuer or not login_hint or not target:
        raise LaunchRefused("The LMS's log-in request lacks iss, login_hint or target_link_uri.")
    if target.split("?", 1)[0] != launch_url:
        raise LaunchRefused("The LMS asked to open an address that is not quizapp's launch URL.")
    return find_platform(issuer, params.get("client_id"))


def _authentication_request(
    platform: LtiPlatform, params: Mapping[str, str], launch_url: str, state: str, nonce: str
) -> str:
    """The address of the LMS's authentication request for this login."""
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": launch_url,
        "login_hint": params["login_hint"],
        "state": state,
        "nonce": nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_url else "?"
    return platform.auth_url + separator + urlencode(query)


def start_login(params: Mapping[str, str], launch_url: str, secret_key: str) -> LoginStart:
    """Answer the LMS's login initiation: an authentication request back to it."""
    platform = _login_platform(params, launch_url)
    state, nonce = secrets.token_urlsafe(STATE_BYTES), secrets.token_urlsafe(24)
    cookie = _serializer(secret_key).dumps(
        {"state": state, "nonce": nonce, "platform": platform.id, "started": time.time()}
    )
    return LoginStart(
        _authentication_request(platform, params, launch_url, state, nonce),
        LOGIN_COOKIE_PREFIX + state,
        cookie,
    )


@dataclass(frozen=True)
class LoginCheck:
    """A login started in the LMS's frame, after its cookie was set: the authentication
    request to go on with, or None when the browser did not keep the cookie (it keeps
    none inside another site's frame); and the LMS's origin, which frames the answer."""

    redirect_url: str | None
    frame_origin: str


def check_login_cookie(
    params: Mapping[str, str],
    state: str,
    cookies: Mapping[str, str],
    launch_url: str,
    secret_key: str,
) -> LoginCheck:
    """Whether the browser kept the cookie of the login ``state`` started (see
    ``LoginCheck``). Asked before the LMS is, in a frame: a launch without the cookie
    could only be refused, and in that frame it always would be."""
    platform = _login_platform(params, launch_url)
    if not is_issued_state(state):
        raise LaunchRefused("This log-in's state is not one quizapp gave out: open the link again.")
    value = cookies.get(LOGIN_COOKIE_PREFIX + state)
    if not value:
        return LoginCheck(None, platform.frame_origin)
    login = _login_cookie(value, secret_key)
    if login.get("state") != state or login.get("platform") != platform.id:
        raise LaunchRefused("This log-in was started for another LMS: open the link again.")
    redirect_url = _authentication_request(
        platform, params, launch_url, state, str(login.get("nonce"))
    )
    return LoginCheck(redirect_url, platform.frame_origin)


def superseded_logins(cookies: Mapping[str, str], secret_key: str) -> list[str]:
    """The login cookies a browser should drop as it starts one more login: unreadable or
    expired ones, and the oldest beyond the ``MAX_PENDING_LOGINS - 1`` that may wait
    beside the new one. Only names of our own shape are returned: they go back in a
    header."""
    waiting: list[tuple[float, str]] = []
    dropped: list[str] = []
    for name, value in cookies.items():
        if not name.startswith(LOGIN_COOKIE_PREFIX):
            continue
        if not is_issued_state(name.removeprefix(LOGIN_COOKIE_PREFIX)):
            continue
        try:
            login = _login_cookie(value, secret_key)
        except LaunchRefused:
            dropped.append(name)
            continue
        started = login.get("started")
        waiting.append((started if isinstance(started, float) else 0.0, name))
    waiting.sort(reverse=True)
    return dropped + [name for _started, name in waiting[MAX_PENDING_LOGINS - 1 :]]


@dataclass(frozen=True)
class Launch:
    """A checked launch: who, from which course and link, asking for what."""

    platform: LtiPlatform
    message_type: str
    deployment_id: str
    sub: str
    roles: tuple[str, ...]
    name: str
    email: str
    nonce: str
    expires_at: datetime
    context_id: str | None = None
    context_title: str = ""
    resource_link_id: str | None = None
    custom: dict[str, str] = field(default_factory=dict)
    line_item_url: str | None = None
    memberships_url: str | None = None
    deep_linking: dict[str, Any] | None = None

    @property
    def is_instructor(self) -> bool:
        return c.is_instructor(self.roles)


def check_launch(
    form: Mapping[str, str], cookies: Mapping[str, str], secret_key: str, now: datetime
) -> Launch:
    """The launch the LMS posted, once every rule holds; else ``LaunchRefused``."""
    token, state = form.get("id_token", ""), form.get("state", "")
    if form.get("error"):
        raise LaunchRefused(
            f"The LMS refused the log-in: {form.get('error_description') or form['error']}."
        )
    if not token or not state:
        raise LaunchRefused("The LMS's launch lacks its id_token or state.")
    if not is_issued_state(state):
        raise LaunchRefused("This launch's state is not one quizapp gave out: open the link again.")
    login = _login_cookie(cookies.get(LOGIN_COOKIE_PREFIX + state), secret_key)
    if login.get("state") != state:
        raise LaunchRefused("This launch was not started in this browser (state does not match).")
    platform = db.session.get(LtiPlatform, login.get("platform"))
    if platform is None:
        raise LaunchRefused("This LMS is no longer registered with quizapp.")
    try:
        return _checked(token, platform, login, now)
    except LaunchRefused as refusal:
        refusal.frame_origin = platform.frame_origin
        raise


def _checked(token: str, platform: LtiPlatform, login: dict[str, Any], now: datetime) -> Launch:
    header = _header(token)
    try:
        jwks = keys_for(platform, header.get("kid"), now)
    except ServiceError as error:
        raise LaunchRefused(f"The LMS's public keys could not be read: {error}") from error
    try:
        body = tokens.verified_claims(token, jwks)
    except tokens.TokenTooLarge as error:
        raise LaunchRefused(f"The launch cannot be read. {error}") from error
    except tokens.TokenInvalid as error:
        raise LaunchRefused(
            "The launch's signature does not verify with the LMS's keys."
        ) from error
    started = login.get("started")
    made_after = started if body.get("nonce") == login.get("nonce") else None
    try:
        _check_standard_claims(
            body, platform, now, made_after if isinstance(made_after, float) else None
        )
        if body.get("nonce") != login.get("nonce"):
            raise LaunchRefused("The launch's nonce is not the one this browser was given.")
        return _launch_from(body, platform)
    except c.ClaimInvalid as error:
        raise LaunchRefused(str(error)) from error


def _login_cookie(value: str | None, secret_key: str) -> dict[str, Any]:
    if not value:
        raise LaunchRefused(
            "This browser did not keep quizapp's log-in cookie (state): open the link again, "
            "or allow cookies for this site."
        )
    try:
        loaded = _serializer(secret_key).loads(value, max_age=int(LOGIN_MAX_AGE.total_seconds()))
    except BadSignature as error:
        raise LaunchRefused(
            "The log-in took too long or its cookie was changed: open the link again."
        ) from error
    if not isinstance(loaded, dict):
        raise LaunchRefused("The log-in cookie is not quizapp's.")
    return loaded


def _header(token: str) -> dict[str, Any]:
    """The token's header; its key id (``kid``), read before any signature is checked,
    must be text when given (it picks a key from a set)."""
    try:
        header = tokens.unverified_header(token)
    except tokens.TokenInvalid as error:
        raise LaunchRefused("The launch's id_token is not a JSON Web Token.") from error
    if not isinstance(header.get("kid", ""), str):
        raise LaunchRefused("The launch's key id (kid) is not text.")
    return header


def _check_standard_claims(
    body: Mapping[str, Any], platform: LtiPlatform, now: datetime, made_after: float | None
) -> None:
    """iss, aud, azp, exp, iat, version, message type and deployment. ``made_after``:
    when the login this token answers began (its nonce is that login's), if it is."""
    if body.get("iss") != platform.issuer:
        raise LaunchRefused("The launch comes from another issuer than the registered LMS.")
    audience = body.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if platform.client_id not in audiences:
        raise LaunchRefused("The launch is meant for another tool (aud).")
    if (len(audiences) > 1 or "azp" in body) and body.get("azp") != platform.client_id:
        raise LaunchRefused("The launch names another authorised party (azp).")
    _check_times(body, now.timestamp(), made_after)
    if body.get(c.VERSION) != "1.3.0":
        raise LaunchRefused("Only LTI version 1.3.0 launches are accepted.")
    if body.get(c.MESSAGE_TYPE) not in MESSAGE_TYPES:
        raise LaunchRefused("quizapp does not handle this kind of LTI message.")
    _check_deployment(body.get(c.DEPLOYMENT_ID), platform)
    roles = body.get(c.ROLES)
    if isinstance(roles, list) and c.role_names(roles) is None:
        raise LaunchRefused("The launch's roles are not a list of role names (roles).")
    if not isinstance(roles, list) or not (c.is_instructor(roles) or c.is_learner(roles)):
        raise LaunchRefused("The launch says neither Learner nor Instructor (roles).")
    if not isinstance(body.get("sub"), str) or not body["sub"]:
        raise LaunchRefused("The launch does not say who you are (sub).")
    c.identifier(body["sub"], "user id (sub)")


def _check_times(body: Mapping[str, Any], moment: float, made_after: float | None) -> None:
    """exp, iat and (when given) nbf: numbers the clock can hold, with small leeway.

    A token made for a login that began at ``made_after`` but stamped as issued well
    before it comes from an LMS whose clock is behind: "open the link again" would fail
    the same way every time (Moodle's tokens live 60 seconds), so the refusal says so."""
    if "exp" not in body:
        raise LaunchRefused("The launch has no expiry time (exp).")
    issued = c.timestamp(body.get("iat"), "iat")
    if c.timestamp(body["exp"], "exp") + LEEWAY_SECONDS < moment:
        if made_after is not None and issued + LEEWAY_SECONDS < made_after:
            behind = max(1, round((made_after - issued) / 60))
            raise LaunchRefused(
                "The launch has expired by quizapp's clock, though the LMS made it for this "
                f"log-in just now: the LMS's clock is about {behind} minute"
                f"{'s' if behind != 1 else ''} behind. Ask the LMS administrator to set it right."
            )
        raise LaunchRefused("The launch has expired: open the link again.")
    if issued - LEEWAY_SECONDS > moment:
        raise LaunchRefused("The launch was issued in the future: check the LMS's clock.")
    if "nbf" in body and c.timestamp(body["nbf"], "nbf") - LEEWAY_SECONDS > moment:
        raise LaunchRefused("The launch is not valid yet (nbf): check the LMS's clock.")


def _check_deployment(deployment: Any, platform: LtiPlatform) -> None:
    """The deployment must be a registered one; its type is checked before it is queried."""
    known = isinstance(deployment, str) and db.session.scalar(
        select(LtiDeployment.id).where(
            LtiDeployment.platform_id == platform.id, LtiDeployment.deployment_id == deployment
        )
    )
    if not known and c.is_identifier(deployment):
        raise LaunchRefused(
            f"This deployment of the tool (deployment id {_shown(deployment)}) is not "
            "registered with quizapp. Ask your administrator to add it: flask lti register "
            f"... --deployment-id {_shown(deployment)}."
        )
    if not known:
        raise LaunchRefused("This deployment of the tool is not registered with quizapp.")


def _launch_from(body: Mapping[str, Any], platform: LtiPlatform) -> Launch:
    """The launch's claims, each of the type it must have (checked, or ``ClaimInvalid``)."""
    context = c.mapping(body, c.CONTEXT)
    message_type = str(body[c.MESSAGE_TYPE])
    resource_link_id = c.optional_identifier(
        c.mapping(body, c.RESOURCE_LINK), "id", "link id (resource_link)"
    )
    if message_type == c.RESOURCE_LINK_REQUEST and not resource_link_id:
        raise LaunchRefused("The launch does not say which link was opened (resource_link).")
    return Launch(
        platform=platform,
        message_type=message_type,
        deployment_id=str(body[c.DEPLOYMENT_ID]),
        sub=str(body["sub"]),
        roles=c.role_names(body[c.ROLES]) or (),
        name=c.display_name(body),
        email=c.exact_text(body.get("email")),
        nonce=str(body.get("nonce")),
        expires_at=datetime.fromtimestamp(c.timestamp(body["exp"], "exp") + LEEWAY_SECONDS, UTC),
        context_id=c.optional_identifier(context, "id", "course id (context)"),
        context_title=c.text(context.get("title")) or c.text(context.get("label")),
        resource_link_id=resource_link_id,
        custom=c.custom_parameters(body.get(c.CUSTOM)),
        line_item_url=_service_address(
            c.service_url(c.mapping(body, c.AGS_ENDPOINT), "lineitem", "gradebook"),
            platform,
            "gradebook",
        ),
        memberships_url=_service_address(
            c.service_url(c.mapping(body, c.NRPS), "context_memberships_url", "course roster"),
            platform,
            "course roster",
        ),
        deep_linking=_deep_linking_settings(body, message_type, platform),
    )


def _service_address(url: str | None, platform: LtiPlatform, what: str) -> str | None:
    """A service address of the launch (gradebook, roster). quizapp's server calls it
    with an access token, so it must be on the origin of one of the LMS's registered
    addresses: a launch must not point the server's requests at another host."""
    if url is not None and origin_of(url) not in platform_origins(platform):
        raise LaunchRefused(
            f"The LMS's {what} address is on another site ({origin_of(url)}) than its "
            "registered addresses: the administrator registers that site with quizapp "
            "(flask lti register --frame-origin)."
        )
    return url


def _deep_linking_settings(
    body: Mapping[str, Any], message_type: str, platform: LtiPlatform
) -> dict[str, Any] | None:
    """A content-picking request's settings: where to return, and the LMS's opaque data
    (a string, returned as it came)."""
    settings = c.mapping(body, c.DEEP_LINKING_SETTINGS) or None
    if message_type != c.DEEP_LINKING_REQUEST:
        return settings
    if settings is None or not settings.get("deep_link_return_url"):
        raise LaunchRefused("The content-picking request has no return address.")
    _check_return_url(settings["deep_link_return_url"], platform)
    accepted = settings.get("accept_types", [RESOURCE_LINK])
    if not isinstance(accepted, list) or RESOURCE_LINK not in accepted:
        raise LaunchRefused(
            "The LMS asked for another kind of content than quizapp makes: quizapp adds "
            "links to study a bank or take a quiz (ltiResourceLink). Add it as an external "
            "tool activity of the course instead."
        )
    data = settings.get("data", "")
    if not isinstance(data, str) or not is_storable(data):  # it is signed back as it came
        raise LaunchRefused("The content-picking request's data is not a string.")
    return settings


def _check_return_url(url: Any, platform: LtiPlatform) -> None:
    """The picker's answer is a signed token the browser posts to this address (and the
    answer page's CSP lets forms post there): it must be an http(s) page of the LMS
    itself, on the origin of one of its registered addresses, never another site."""
    not_web = "The content-picking request's return address is not an http(s) address."
    if not isinstance(url, str) or len(url) > MAX_RETURN_URL_LENGTH or not is_storable(url):
        raise LaunchRefused(not_web)
    try:
        origin = origin_of(url)
    except RegistrationError as error:
        raise LaunchRefused(not_web) from error
    if origin not in platform_origins(platform):
        raise LaunchRefused(
            "The content-picking request returns to another site than the LMS's registered "
            f"addresses ({origin})."
        )


def use_nonce(launch: Launch, now: datetime) -> None:
    """Store the launch's nonce, committed: the same id_token is then refused for good.

    Nonces of tokens that have expired are dropped: ``exp`` refuses those tokens anyway."""
    db.session.execute(
        delete(LtiNonce)
        .where(LtiNonce.expires_at < now)
        .execution_options(synchronize_session=False)
    )
    db.session.add(
        LtiNonce(platform_id=launch.platform.id, nonce=launch.nonce, expires_at=launch.expires_at)
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise LaunchRefused(
            "This launch was already used: open the link in the LMS again."
        ) from None
