"""Reading a launch token: a token too large to read says so, not "bad signature"."""

from __future__ import annotations

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from quizapp.lti import tokens

KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
JWKS = {"keys": [KEY.as_dict(private=False)]}


def signed(claims: dict) -> str:
    return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, KEY)


def test_a_signed_token_is_read():
    assert tokens.verified_claims(signed({"sub": "a"}), JWKS)["sub"] == "a"


def test_a_signed_token_too_large_to_read_is_named_so():
    token = signed({"sub": "a", "extra": "x" * 130_000})
    with pytest.raises(tokens.TokenTooLarge, match="too large"):
        tokens.verified_claims(token, JWKS)
