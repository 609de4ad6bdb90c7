"""The LMS's public keys, cached in its registration row for a lifetime and fetched again
when it ends, or sooner when a launch is signed with a key (``kid``) we have not seen:
that is how an LMS rotates its keys, and how a key it removed stops being trusted.

The lifetime is the key set's ``Cache-Control: max-age``, kept between a minute and
``LTI_JWKS_MAX_AGE_SECONDS`` (an hour by default, also when the LMS says nothing). When
the refetch of stale keys fails, they keep verifying for ``LTI_JWKS_GRACE_SECONDS`` more
(an hour by default), so an LMS's brief outage does not lock its users out, and a warning
says so; past that, launches are refused until the LMS answers again.

The cache lives in the ``jwks`` JSON column: ``{"keys": [...], "fresh_until": ISO time}``.
A cache without ``fresh_until`` (kept before lifetimes existed) is stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from ..extensions import db
from ..timeutil import as_utc
from . import services, tokens
from .models import LtiPlatform

# After a refetch that did not find the key a token named, unknown kids use the cached
# set for this long, so forged tokens cannot make us hammer the LMS. A refetch that found
# its key throttles nothing: the LMS's first launch after rotating its key gets through
# even a moment after another launch fetched the old set.
REFETCH_AFTER = timedelta(seconds=5)
# After a refetch of stale keys failed, launches use them (within the grace) without
# asking again for this long: an LMS that hangs holds one launch per half minute, not all.
RETRY_FAILED_AFTER = timedelta(seconds=30)
SHORTEST_LIFETIME = timedelta(minutes=1)
FRESH_UNTIL = "fresh_until"


@dataclass(frozen=True)
class CachedKeys:
    """The key set as last fetched, and until when it may be used without asking again."""

    jwks: dict[str, Any]
    fresh_until: datetime | None

    @classmethod
    def read(cls, stored: dict[str, Any] | None) -> CachedKeys | None:
        if not isinstance(stored, dict) or not isinstance(stored.get("keys"), list):
            return None
        try:
            fresh_until = as_utc(datetime.fromisoformat(str(stored[FRESH_UNTIL])))
        except (KeyError, ValueError):
            fresh_until = None
        return cls({"keys": stored["keys"]}, fresh_until)

    def stored(self) -> dict[str, Any]:
        fresh_until = self.fresh_until.isoformat() if self.fresh_until else None
        return {**self.jwks, FRESH_UNTIL: fresh_until}

    def holds(self, kid: str | None) -> bool:
        return kid in tokens.key_ids(self.jwks)

    def is_fresh(self, now: datetime) -> bool:
        return self.fresh_until is not None and now < self.fresh_until

    def usable_until(self, grace: timedelta) -> datetime | None:
        """When the keys stop standing in for a refetch that failed."""
        return None if self.fresh_until is None else self.fresh_until + grace

    def within_grace(self, now: datetime, grace: timedelta) -> bool:
        until = self.usable_until(grace)
        return until is not None and now < until


def _seconds_setting(name: str) -> timedelta:
    return timedelta(seconds=float(current_app.config[name]))


def _grace() -> timedelta:
    return _seconds_setting("LTI_JWKS_GRACE_SECONDS")


def lifetime(max_age: int | None) -> timedelta:
    """How long a fetched key set is used: its ``max-age`` within a minute and the
    configured longest (which also stands in when the LMS gives none)."""
    longest = _seconds_setting("LTI_JWKS_MAX_AGE_SECONDS")
    if max_age is None:
        return longest
    return min(longest, max(SHORTEST_LIFETIME, timedelta(seconds=max_age)))


def _refetched_lately(platform: LtiPlatform, now: datetime, within: timedelta) -> bool:
    return platform.jwks_missed_at is not None and now - platform.jwks_missed_at < within


def _usable_without_asking(
    cached: CachedKeys, kid: str | None, platform: LtiPlatform, now: datetime
) -> bool:
    if cached.is_fresh(now):
        return cached.holds(kid) or _refetched_lately(platform, now, REFETCH_AFTER)
    return cached.within_grace(now, _grace()) and _refetched_lately(
        platform, now, RETRY_FAILED_AFTER
    )


def keys_for(platform: LtiPlatform, kid: str | None, now: datetime) -> dict[str, Any]:
    """The key set that should hold ``kid``; committed to the platform row when refetched.

    Raises ``services.ServiceError`` when the LMS's keys cannot be fetched and no cached
    keys may stand in for them."""
    cached = CachedKeys.read(platform.jwks)
    if cached is not None and _usable_without_asking(cached, kid, platform, now):
        return cached.jwks
    url = platform.jwks_url
    db.session.commit()  # hold no database lock while the LMS answers
    try:
        answer = services.fetch_jwks(url)
    except services.ServiceError as error:
        platform.jwks_missed_at = now
        db.session.commit()
        return _stale_in_place_of(cached, kid, platform, now, error)
    fresh = CachedKeys(answer.jwks, now + lifetime(answer.max_age))
    platform.jwks = fresh.stored()
    platform.jwks_missed_at = None if fresh.holds(kid) else now
    db.session.commit()
    return fresh.jwks


def _stale_in_place_of(
    cached: CachedKeys | None,
    kid: str | None,
    platform: LtiPlatform,
    now: datetime,
    error: services.ServiceError,
) -> dict[str, Any]:
    """The cached keys, when the refetch failed and they hold ``kid`` within the grace."""
    until = cached.usable_until(_grace()) if cached is not None and cached.holds(kid) else None
    if cached is None or until is None or now >= until:
        raise error
    current_app.logger.warning(
        "lti platform %s: the LMS's keys could not be fetched again (%s); its stale keys "
        "are used until %s",
        platform.id,
        error,
        until.isoformat(timespec="seconds"),
    )
    return cached.jwks
