"""Short fingerprints a page carries and sends back, so a request can tell that what it
acts on is still what the page showed (an edited question, a row saved meanwhile, an
upload whose id was reused)."""

from __future__ import annotations

import hashlib
import json


def fingerprint(value: object) -> str:
    """16 hex characters of SHA-256 over ``value`` as canonical JSON (keys sorted, any
    other object as its text): equal values, equal fingerprints; a change, another."""
    shown = json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(shown.encode(errors="surrogatepass")).hexdigest()[:16]
