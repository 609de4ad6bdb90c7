"""What the LTI 1.3 tool keeps: platforms it trusts, its own keys, and the mapping of the
LMS's users, courses and links onto our accounts, classes and assignments.

Everything the LMS names is keyed by the platform (issuer + client id) and the LMS's own
identifier, never by an email address or a title the LMS could change or reuse.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import Model
from ..models import Assignment, Classroom, QuizAttempt, User, UTCDateTime
from ..timeutil import now_utc


class LtiPlatform(Model):
    """One registration of the tool in an LMS (`flask lti register`)."""

    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id", name="uq_lti_platforms_issuer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    auth_url: Mapped[str] = mapped_column(String(500))
    token_url: Mapped[str] = mapped_column(String(500))
    jwks_url: Mapped[str] = mapped_column(String(500))
    # The origin of the LMS pages that frame the tool (CSP frame-ancestors).
    frame_origin: Mapped[str] = mapped_column(String(255))
    # The platform's public keys as last fetched; refetched when a launch names another kid.
    jwks: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # When a refetch last failed to find the key a launch named (see platform_keys); the
    # column keeps the name it was created with.
    jwks_missed_at: Mapped[datetime | None] = mapped_column("jwks_fetched_at", UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    deployments: Mapped[list[LtiDeployment]] = relationship(
        back_populates="platform", cascade="all, delete-orphan"
    )


class LtiDeployment(Model):
    __tablename__ = "lti_deployments"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id"))
    deployment_id: Mapped[str] = mapped_column(String(255))

    platform: Mapped[LtiPlatform] = relationship(back_populates="deployments")


class LtiKey(Model):
    """The tool's RSA key pair. The newest unretired key signs; a retired key is still
    published until ``published_until``, so tokens the LMS cached stay verifiable."""

    __tablename__ = "lti_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LtiNonce(Model):
    """A launch's nonce, stored when first used so the same id_token never signs in twice."""

    __tablename__ = "lti_nonces"
    __table_args__ = (UniqueConstraint("platform_id", "nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id"))
    nonce: Mapped[str] = mapped_column(String(255))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LtiUser(Model):
    """An LMS user (issuer + ``sub``) linked to one of our accounts."""

    __tablename__ = "lti_users"
    __table_args__ = (UniqueConstraint("platform_id", "sub"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id"))
    sub: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    user: Mapped[User] = relationship()


class LtiContext(Model):
    """An LMS course (context) linked to one of our classes."""

    __tablename__ = "lti_contexts"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id"))
    context_id: Mapped[str] = mapped_column(String(255))
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id"), unique=True)
    # Names and Role Provisioning Services: the course's member list, when offered.
    memberships_url: Mapped[str | None] = mapped_column(String(500))

    platform: Mapped[LtiPlatform] = relationship()
    classroom: Mapped[Classroom] = relationship()


class LtiResourceLink(Model):
    """A link placed in the LMS course, opening one assignment (a bank or a quiz)."""

    __tablename__ = "lti_resource_links"
    __table_args__ = (UniqueConstraint("platform_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id"))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    context_row_id: Mapped[int] = mapped_column(ForeignKey("lti_contexts.id"), index=True)
    # Several links may open one study assignment (a bank placed twice for study).
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id"), index=True)
    # Assignment and Grade Services: the gradebook column scores are posted to.
    line_item_url: Mapped[str | None] = mapped_column(String(500))

    platform: Mapped[LtiPlatform] = relationship()
    context: Mapped[LtiContext] = relationship()
    assignment: Mapped[Assignment] = relationship()


class LtiScore(Model):
    """The outbox: one score to post to the LMS per finished quiz attempt.

    Written in the transaction that finishes the attempt, so it is never lost; unique
    per attempt, and claimed before each try, so it is never posted twice.
    """

    __tablename__ = "lti_scores"
    __table_args__ = (Index("ix_lti_scores_sent_next_try", "sent_at", "next_try_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id"), unique=True)
    resource_link_row_id: Mapped[int] = mapped_column(
        ForeignKey("lti_resource_links.id"), index=True
    )
    user_sub: Mapped[str] = mapped_column(String(255))
    score_given: Mapped[float] = mapped_column(Float)
    score_maximum: Mapped[float] = mapped_column(Float)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tries: Mapped[int] = mapped_column(Integer, default=0)
    # ``outbox.STOPPED`` for a score not tried again on its own.
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A sender holds the row until then; after a crash another sender may take it.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # With ``sent_at`` set, why the score was closed without being posted (outbox).
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    attempt: Mapped[QuizAttempt] = relationship()
    resource_link: Mapped[LtiResourceLink] = relationship()
