"""The tool's own RSA keys: made once, kept in the database, rotated by `flask lti rotate-key`.

Keeping them in the database (not a file) gives every worker and host the same key with
nothing to copy; the JWKS we publish lists the signing key and every retired key whose
grace period has not ended, so the LMS can still verify what was signed just before.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from ..extensions import db
from ..timeutil import now_utc
from . import tokens
from .models import LtiKey

DEFAULT_GRACE_DAYS = 7


def signing_key() -> LtiKey:
    """The newest unretired key, made now if the tool has none yet."""
    key = db.session.scalar(
        select(LtiKey).where(LtiKey.retired_at.is_(None)).order_by(LtiKey.id.desc()).limit(1)
    )
    if key is None:
        key = _new_key(now_utc())
        db.session.commit()
    return key


def _new_key(now: datetime) -> LtiKey:
    kid = secrets.token_urlsafe(12)
    key = LtiKey(kid=kid, private_pem=tokens.new_private_key(kid), created_at=now)
    db.session.add(key)
    db.session.flush()
    return key


def rotate_key(now: datetime, grace: timedelta = timedelta(days=DEFAULT_GRACE_DAYS)) -> LtiKey:
    """Sign with a new key from now on; the old ones stay published for ``grace``."""
    for old in db.session.scalars(select(LtiKey).where(LtiKey.retired_at.is_(None))):
        old.retired_at = now
        old.published_until = now + grace
    key = _new_key(now)
    db.session.commit()
    return key


def published_keys(now: datetime) -> list[LtiKey]:
    return list(
        db.session.scalars(
            select(LtiKey)
            .where(or_(LtiKey.retired_at.is_(None), LtiKey.published_until > now))
            .order_by(LtiKey.id)
        )
    )


def public_jwks(now: datetime) -> dict[str, Any]:
    """The key set served at ``/lti/jwks``."""
    if not published_keys(now):
        signing_key()
    return {"keys": [tokens.public_jwk(key.private_pem, key.kid) for key in published_keys(now)]}


def sign_with_tool_key(claims: dict[str, Any]) -> str:
    key = signing_key()
    return tokens.sign(claims, key.private_pem, key.kid)
