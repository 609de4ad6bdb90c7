"""Signing and checking JSON Web Tokens: the only module that talks to ``joserfc``.

The LMS signs launches with RS256 and we sign ours (deep-linking responses, the OAuth2
client assertion) with the tool's RSA key; nothing else is accepted, so a token cannot
choose its own algorithm (``none``, HS256 with the public key).
"""

from __future__ import annotations

import json
from base64 import urlsafe_b64decode
from typing import Any

from joserfc import jwt
from joserfc.errors import ExceededSizeError, JoseError
from joserfc.jwk import KeySet, RSAKey

ALGORITHM = "RS256"


class TokenInvalid(ValueError):
    """A token that is malformed or whose signature does not verify."""


class TokenTooLarge(TokenInvalid):
    """A token whose claims are beyond what the JWT library reads (its signature unchecked)."""


def new_private_key(kid: str) -> str:
    """A fresh 2048-bit RSA key in PEM, to be kept in the database."""
    key = RSAKey.generate_key(2048, parameters={"kid": kid}, private=True)
    return key.as_pem(private=True).decode("ascii")


def public_jwk(private_pem: str, kid: str) -> dict[str, Any]:
    """The public half of a key as a JWK, as ``/lti/jwks`` publishes it."""
    key = RSAKey.import_key(private_pem, parameters={"kid": kid, "use": "sig", "alg": ALGORITHM})
    return dict(key.as_dict(private=False))


def sign(claims: dict[str, Any], private_pem: str, kid: str) -> str:
    key = RSAKey.import_key(private_pem, parameters={"kid": kid})
    return jwt.encode({"alg": ALGORITHM, "kid": kid, "typ": "JWT"}, claims, key)


def unverified_header(token: str) -> dict[str, Any]:
    """The token's header, read only to find which key (``kid``) should verify it."""
    try:
        header = json.loads(urlsafe_b64decode(_padded(token.split(".")[0])))
    except (ValueError, IndexError) as error:
        raise TokenInvalid("The token is not a JSON Web Token.") from error
    if not isinstance(header, dict):
        raise TokenInvalid("The token is not a JSON Web Token.")
    return header


def _padded(segment: str) -> str:
    return segment + "=" * (-len(segment) % 4)


def key_ids(jwks: dict[str, Any]) -> set[str]:
    return {str(key.get("kid")) for key in jwks.get("keys", []) if isinstance(key, dict)}


def verified_claims(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """The claims of ``token`` once its RS256 signature verifies against a key of ``jwks``.

    Only the signature is checked here; what the claims must say is the caller's rule."""
    try:
        rsa_keys = [
            key for key in jwks.get("keys", []) if isinstance(key, dict) and key.get("kty") == "RSA"
        ]
        key_set = KeySet.import_key_set({"keys": rsa_keys})
        decoded = jwt.decode(token, key_set, algorithms=[ALGORITHM])
    except ExceededSizeError as error:  # joserfc reads at most 128,000 bytes of claims
        raise TokenTooLarge(
            "The token is too large to read (over 128 kB of claims): the LMS sent more "
            "custom data or roster than a launch can carry."
        ) from error
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise TokenInvalid("The token's signature does not verify.") from error
    return dict(decoded.claims)
