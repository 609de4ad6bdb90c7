"""The LMS's public keys, cached in its registration row and refetched when a launch is
signed with a key (``kid``) we have not seen: that is how an LMS rotates its keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..extensions import db
from . import services, tokens
from .models import LtiPlatform

# After a refetch that did not find the key a token named, unknown kids use the cached
# set for this long, so forged tokens cannot make us hammer the LMS. A refetch that found
# its key throttles nothing: the LMS's first launch after rotating its key gets through
# even a moment after another launch fetched the old set.
REFETCH_AFTER = timedelta(seconds=5)


def keys_for(platform: LtiPlatform, kid: str | None, now: datetime) -> dict[str, Any]:
    """The key set that should hold ``kid``; committed to the platform row when refetched."""
    cached = platform.jwks
    if cached is not None and kid in tokens.key_ids(cached):
        return cached
    missed_lately = (
        platform.jwks_missed_at is not None and now - platform.jwks_missed_at < REFETCH_AFTER
    )
    if cached is not None and missed_lately:
        return cached
    url = platform.jwks_url
    db.session.commit()  # hold no database lock while the LMS answers
    fresh = services.fetch_jwks(url)
    platform.jwks = fresh
    platform.jwks_missed_at = None if kid in tokens.key_ids(fresh) else now
    db.session.commit()
    return fresh
