"""The names of the LTI 1.3 claims and roles we read, and small readers for them."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from ..storable_text import is_storable
from .registration import RegistrationError, origin_of

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
# A course sub-role names its principal role: ``.../membership/Instructor#TeachingAssistant``.
_SUB_ROLE_PREFIX = "http://purl.imsglobal.org/vocab/lis/v2/membership/"
# Roles in the course (the context): these decide what a launch opens.
COURSE_INSTRUCTOR_ROLES = frozenset(
    {
        _MEMBERSHIP + "Instructor",
        _MEMBERSHIP + "Administrator",
        _MEMBERSHIP + "ContentDeveloper",
        "Instructor",
        "Administrator",
        "ContentDeveloper",
    }
)
# Roles in the school or the LMS: Canvas and Moodle send them on every launch of an
# account or site admin, whatever their part in the course. They make a teacher only of
# someone with no role in the course (an admin opening it to set it up), never of a
# Learner of the course, who would otherwise get a co-teacher seat and classmates' emails.
SCHOOL_ADMINISTRATOR_ROLES = frozenset(
    {
        "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
        "http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator",
    }
)
INSTRUCTOR_ROLES = COURSE_INSTRUCTOR_ROLES | SCHOOL_ADMINISTRATOR_ROLES
LEARNER_ROLES = frozenset({_MEMBERSHIP + "Learner", "Learner"})


# The LTI specification bounds ``sub``, context and resource link ids to 255 characters,
# as our columns are; the columns that keep the LMS's service addresses hold 500.
MAX_ID_LENGTH = 255
MAX_URL_LENGTH = 500
# Times the app can hold (its calendar ends with 2999, as due dates do).
EARLIEST_TIME = 0.0
LATEST_TIME = datetime(2999, 12, 31, tzinfo=UTC).timestamp()


class ClaimInvalid(ValueError):
    """A claim of the wrong type or shape; the message names it for the person in the LMS.

    A signed token is still input: only the LMS's key made it, not its good sense."""


def principal_role(role: str) -> str:
    """The principal role a course sub-role belongs to, else the role itself.

    The LTI role vocabulary makes ``.../membership/Instructor#TeachingAssistant`` a kind
    of Instructor and only asks an LMS, as best practice, to send the principal role
    beside it: an LMS that sends a teaching assistant's sub-role alone still means an
    instructor of the course."""
    if not role.startswith(_SUB_ROLE_PREFIX):
        return role
    principal, hash_sign, sub_role = role.removeprefix(_SUB_ROLE_PREFIX).partition("#")
    return _MEMBERSHIP + principal if principal and hash_sign and sub_role else role


def _named_roles(roles: Iterable[Any]) -> set[str]:
    """The roles that are text, with the principal role of each course sub-role."""
    named = {role for role in roles if isinstance(role, str)}
    return named | {principal_role(role) for role in named}


def is_instructor(roles: Iterable[Any]) -> bool:
    """A teacher of the course: by a course role (or one of its sub-roles), or as a
    school administrator with no Learner role in it (see ``SCHOOL_ADMINISTRATOR_ROLES``)."""
    named = _named_roles(roles)
    if named & COURSE_INSTRUCTOR_ROLES:
        return True
    return bool(named & SCHOOL_ADMINISTRATOR_ROLES) and not named & LEARNER_ROLES


def is_learner(roles: Iterable[Any]) -> bool:
    """A Learner of the course, by the principal role or one of its sub-roles."""
    return bool(_named_roles(roles) & LEARNER_ROLES)


def timestamp(value: Any, what: str) -> float:
    """A time claim (``exp``, ``iat``, ``nbf``): a finite number of seconds within the
    years the app can hold, so it can become a ``datetime``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not EARLIEST_TIME <= value <= LATEST_TIME
    ):
        raise ClaimInvalid(f"The launch's time {what} is not a time quizapp can read.")
    return float(value)


def role_names(value: Any) -> tuple[str, ...] | None:
    """The roles claim as names; None when it is missing or not a list of strings."""
    if not isinstance(value, list) or not all(isinstance(role, str) for role in value):
        return None
    return tuple(value)


def is_identifier(value: Any) -> bool:
    """Whether ``value`` is an LMS identifier (``sub``, a member's ``user_id``, a
    deployment, context or link id): a non-empty string of at most 255 characters the
    database can hold. Anything else is refused rather than turned into text or mended:
    a changed id would link the wrong person or course."""
    return isinstance(value, str) and 0 < len(value) <= MAX_ID_LENGTH and is_storable(value)


def identifier(value: Any, what: str) -> str:
    """``value`` if it is an identifier (``is_identifier``), else ``ClaimInvalid``."""
    if not is_identifier(value):
        raise ClaimInvalid(f"The launch's {what} is not an identifier of 1 to 255 characters.")
    return str(value)


def optional_identifier(claim: Mapping[str, Any], key: str, what: str) -> str | None:
    value = claim.get(key)
    return None if value is None or value == "" else identifier(value, what)


def service_url(claim: Mapping[str, Any], key: str, what: str) -> str | None:
    """An address of the LMS's services (grades, roster): an http(s) URL with a host, short
    enough to keep; None when the LMS offers no such service."""
    value = claim.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_URL_LENGTH or not is_storable(value):
        raise ClaimInvalid(f"The LMS's {what} address is not an http(s) URL.")
    try:
        origin_of(value)
    except RegistrationError as error:
        raise ClaimInvalid(f"The LMS's {what} address is not an http(s) URL.") from error
    return value


def text(value: Any) -> str:
    """A claim that is only shown (a name, an email, a course title): text, or nothing.

    Lone surrogates and control characters (NUL, line breaks) are dropped: no LMS means
    them, the database cannot hold some of them, and a person should not be turned away
    over a mangled name."""
    if not isinstance(value, str):
        return ""
    return "".join(ch for ch in value if unicodedata.category(ch) not in {"Cs", "Cc"})


def exact_text(value: Any) -> str:
    """A claim used as it came (an email): text the database can hold, or nothing. Mending
    an email could make it someone else's."""
    return value if isinstance(value, str) and is_storable(value) else ""


def custom_parameters(value: Any) -> dict[str, str]:
    """The custom claim's string values (the specification's type; our deep links write
    strings only); values of another type, or that the database cannot hold, are left out."""
    if not isinstance(value, dict):
        return {}
    return {
        str(key): item for key, item in value.items() if isinstance(item, str) and is_storable(item)
    }


def mapping(body: Mapping[str, Any], claim: str) -> dict[str, Any]:
    """A claim that should be an object; anything else reads as empty."""
    value = body.get(claim)
    return dict(value) if isinstance(value, dict) else {}


# The name of an account whose LMS shared none (yet).
PLACEHOLDER_NAME = "LMS user"


def display_name(body: Mapping[str, Any]) -> str:
    """The name to show: ``name``, else given + family name, else a neutral label."""
    name = text(body.get("name"))
    if not name.strip():
        parts = (text(body.get("given_name")), text(body.get("family_name")))
        name = " ".join(part for part in parts if part.strip())
    return (name or PLACEHOLDER_NAME).strip()[:80]
