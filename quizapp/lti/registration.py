"""Registering an LMS (`flask lti register`) and the tool's own addresses an LMS admin
pastes into the LMS."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import url_for
from sqlalchemy import select

from ..extensions import db
from .models import LtiDeployment, LtiPlatform

# A host name or address with an optional port: nothing that could end a CSP directive.
HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


class RegistrationError(ValueError):
    """A registration that cannot be saved; the message is for the admin."""


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of an absolute http(s) URL."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket, "http://[::1"
        raise RegistrationError(f"{url!r} is not an http(s) address.") from None
    if parts.scheme not in {"http", "https"} or not HOST.fullmatch(parts.netloc):
        raise RegistrationError(f"{url!r} is not an http(s) address.")
    return f"{parts.scheme}://{parts.netloc}"


def register_platform(
    *,
    issuer: str,
    client_id: str,
    auth_url: str,
    token_url: str,
    jwks_url: str,
    deployment_ids: Iterable[str],
    frame_origin: str | None = None,
) -> LtiPlatform:
    """Add the LMS (or update its addresses), and add its deployments. Idempotent.

    Registering again (to add a deployment, as the README says) keeps the frame origin
    unless a new one is given: a Canvas school's pages are not its issuer's, and losing
    them would refuse every launch and block the frame."""
    for url in (issuer, auth_url, token_url, jwks_url):
        origin_of(url)
    client_id = client_id.strip()
    if not client_id:
        raise RegistrationError(
            "The client id must be given (the LMS shows it when the tool is added); "
            "launches are checked against it."
        )
    deployment_ids = [deployment_id.strip() for deployment_id in deployment_ids]
    if not deployment_ids or not all(deployment_ids):
        raise RegistrationError(
            "Each deployment id must be given (the LMS shows it with the tool's client id); "
            "an empty one registers nothing a launch can come from."
        )
    platform = db.session.scalar(
        select(LtiPlatform).where(LtiPlatform.issuer == issuer, LtiPlatform.client_id == client_id)
    )
    if platform is None:
        platform = LtiPlatform(issuer=issuer, client_id=client_id)
        db.session.add(platform)
    platform.auth_url, platform.token_url = auth_url, token_url
    if platform.jwks_url != jwks_url:
        platform.jwks, platform.jwks_missed_at = None, None
    platform.jwks_url = jwks_url
    if frame_origin or platform.frame_origin is None:
        platform.frame_origin = origin_of(frame_origin or issuer)
    known = {deployment.deployment_id for deployment in platform.deployments}
    for deployment_id in deployment_ids:
        if deployment_id not in known:
            platform.deployments.append(LtiDeployment(deployment_id=deployment_id))
            known.add(deployment_id)
    db.session.commit()
    return platform


def platform_origins(platform: LtiPlatform) -> set[str]:
    """The origins the LMS registered: its issuer, endpoints and pages. Moodle, Canvas,
    Blackboard and Brightspace send the browser back to one of them after content picking
    (Canvas and Blackboard to the school's pages, the frame origin)."""
    urls = (platform.issuer, platform.auth_url, platform.token_url, platform.jwks_url)
    return {origin_of(url) for url in urls} | {platform.frame_origin}


def platforms() -> list[LtiPlatform]:
    return list(db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.issuer)))


@dataclass(frozen=True)
class ToolAddresses:
    """What an LMS admin enters when adding the tool (needs a request context)."""

    login_url: str
    redirect_url: str
    jwks_url: str
    deep_linking_url: str


def tool_addresses() -> ToolAddresses:
    launch = url_for("lti.launch", _external=True)
    return ToolAddresses(
        login_url=url_for("lti.login", _external=True),
        redirect_url=launch,
        jwks_url=url_for("lti.jwks", _external=True),
        deep_linking_url=launch,
    )
