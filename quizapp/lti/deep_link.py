"""Deep linking: the instructor picks a bank (to study) or a quiz of N questions, and the
tool answers the LMS with a signed ``LtiResourceLinkItem`` carrying a line item, so the
LMS makes a gradebook column for a quiz.

The picked bank and length travel in the link's custom parameters, which the LMS signs
back into every launch of that link (``mapping.link_resource`` reads them)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..banks.access import workspace_banks, workspace_banks_query
from ..extensions import db
from ..models import Bank, User
from . import claims as c
from .keys import sign_with_tool_key
from .launch import Launch
from .mapping import CUSTOM_BANK, CUSTOM_QUIZ_SIZE

SESSION_KEY = "lti_deep_link"
RESPONSE_LIFETIME_SECONDS = 600


@dataclass(frozen=True)
class DeepLinkRequest:
    """What the LMS asked for, kept in the instructor's session between picker and answer."""

    platform_id: int
    client_id: str
    issuer: str
    deployment_id: str
    return_url: str
    data: str | None
    # False when the LMS said it takes no gradebook column with a link (accept_lineitem).
    line_items: bool = True

    def to_session(self) -> dict[str, Any]:
        return self.__dict__.copy()

    @classmethod
    def from_session(cls, value: Any) -> DeepLinkRequest | None:
        try:
            return cls(**value) if isinstance(value, dict) else None
        except TypeError:
            return None


def request_from(launch: Launch) -> DeepLinkRequest:
    settings = launch.deep_linking or {}
    data = settings.get("data")
    return DeepLinkRequest(
        platform_id=launch.platform.id,
        client_id=launch.platform.client_id,
        issuer=launch.platform.issuer,
        deployment_id=launch.deployment_id,
        return_url=str(settings["deep_link_return_url"]),
        data=str(data) if data is not None else None,
        line_items=settings.get("accept_lineitem") is not False,
    )


def pickable_banks(teacher: User) -> list[Bank]:
    """Built-in banks and the teacher's own: the ones a link may name (see mapping)."""
    return workspace_banks(teacher)


def pickable_bank(teacher: User, bank_id: int) -> Bank | None:
    return db.session.scalar(workspace_banks_query(teacher).where(Bank.id == bank_id))


def content_item(
    bank: Bank, quiz_size: int | None, launch_url: str, line_item: bool = True
) -> dict[str, Any]:
    """One ``ltiResourceLink``; a quiz brings a line item scored out of its length, unless
    the LMS takes none with a link (then it grades through the columns it makes itself)."""
    custom = {CUSTOM_BANK: bank.slug}
    title = f"{bank.title}: study"
    item: dict[str, Any] = {"type": "ltiResourceLink", "url": launch_url}
    if quiz_size:
        custom[CUSTOM_QUIZ_SIZE] = str(quiz_size)
        title = f"{bank.title}: quiz of {quiz_size}"
    if quiz_size and line_item:
        item["lineItem"] = {
            "scoreMaximum": quiz_size,
            "label": title,
            "resourceId": f"{bank.slug}/quiz-{quiz_size}",
        }
    item |= {"title": title[:255], "custom": custom}
    return item


def response_token(request: DeepLinkRequest, items: list[dict[str, Any]], now: datetime) -> str:
    """The signed ``LtiDeepLinkingResponse`` the browser posts to the LMS."""
    issued = int(now.timestamp())
    claims: dict[str, Any] = {
        "iss": request.client_id,
        "aud": request.issuer,
        "iat": issued,
        "exp": issued + RESPONSE_LIFETIME_SECONDS,
        "nonce": secrets.token_urlsafe(16),
        c.DEPLOYMENT_ID: request.deployment_id,
        c.MESSAGE_TYPE: c.DEEP_LINKING_RESPONSE,
        c.VERSION: "1.3.0",
        c.CONTENT_ITEMS: items,
    }
    if request.data is not None:
        claims[c.DEEP_LINKING_DATA] = request.data
    return sign_with_tool_key(claims)
