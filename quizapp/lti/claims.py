"""The names of the LTI 1.3 claims and roles we read, and small readers for them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
MESSAGE_TYPE = LTI + "message_type"
VERSION = LTI + "version"
DEPLOYMENT_ID = LTI + "deployment_id"
ROLES = LTI + "roles"
CONTEXT = LTI + "context"
RESOURCE_LINK = LTI + "resource_link"
CUSTOM = LTI + "custom"
TARGET_LINK_URI = LTI + "target_link_uri"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
DEEP_LINKING_DATA = "https://purl.imsglobal.org/spec/lti-dl/claim/data"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse"

_MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
INSTRUCTOR_ROLES = frozenset(
    {
        _MEMBERSHIP + "Instructor",
        _MEMBERSHIP + "Administrator",
        _MEMBERSHIP + "ContentDeveloper",
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
        "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
        "Instructor",
        "Administrator",
        "ContentDeveloper",
    }
)
LEARNER_ROLES = frozenset({_MEMBERSHIP + "Learner", "Learner"})


def is_instructor(roles: Iterable[Any]) -> bool:
    return any(role in INSTRUCTOR_ROLES for role in roles)


def is_learner(roles: Iterable[Any]) -> bool:
    return any(role in LEARNER_ROLES for role in roles)


def mapping(body: Mapping[str, Any], claim: str) -> dict[str, Any]:
    """A claim that should be an object; anything else reads as empty."""
    value = body.get(claim)
    return dict(value) if isinstance(value, dict) else {}


def display_name(body: Mapping[str, Any]) -> str:
    """The name to show: ``name``, else given + family name, else a neutral label."""
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = (body.get("given_name"), body.get("family_name"))
        name = " ".join(part for part in parts if isinstance(part, str) and part.strip())
    return (name or "LMS user").strip()[:80]
