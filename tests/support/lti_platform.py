"""A small LTI 1.3 platform (an LMS stand-in) for the tests, served on the loopback.

It has its own RSA key and JWKS, a login-initiation start (``/start/<hint>``) and an
authorization endpoint that posts the ``id_token`` to the tool, an OAuth2 token endpoint
that checks the tool's ``client_assertion`` against the tool's JWKS, line items whose
``/scores`` endpoint records what it receives (refusing a score older than the result's
last, as AGS says and Canvas does, and failing on purpose when asked), a memberships
endpoint (paged), a deep-linking return endpoint, and course pages that frame the tool.
Everything it receives is kept in lists the tests read.
"""

from __future__ import annotations

import html
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from joserfc import jws, jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.exceptions import BadRequest, Forbidden, HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from tests.support.servers import ThreadedServer

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
CLIENT_ID = "quizapp-client"
DEPLOYMENT_ID = "deployment-1"
KID = "platform-key-1"


@dataclass
class LaunchSpec:
    """What a launch says; the platform keeps it under a message hint."""

    sub: str
    roles: list[str]
    message_type: str = "LtiResourceLinkRequest"
    resource_link_id: str | None = "link-1"
    custom: dict[str, str] = field(default_factory=dict)
    line_item: str | None = None  # a line item id of this platform
    context_id: str = "course-1"
    context_title: str = "History 101"
    name: str = ""
    email: str = ""


def deep_link_request() -> LaunchSpec:
    """The launch an instructor's "add content" button sends: a deep-linking request."""
    return LaunchSpec(
        sub="teacher-1",
        roles=[INSTRUCTOR],
        name="Tia Teacher",
        message_type="LtiDeepLinkingRequest",
        resource_link_id=None,
    )


@dataclass
class ReceivedScore:
    line_item: str
    body: dict[str, Any]


class TestPlatform(ThreadedServer):
    __test__ = False  # not a test class

    def __init__(self) -> None:
        super().__init__(self.wsgi)
        self.first_key = RSAKey.generate_key(2048, parameters={"kid": KID}, private=True)
        self.routes = Map(
            [
                Rule("/jwks", endpoint="jwks"),
                Rule("/auth", endpoint="auth"),
                Rule("/token", endpoint="token", methods=["POST"]),
                Rule("/lineitems/<item>/scores", endpoint="scores", methods=["POST"]),
                Rule("/memberships/<context>", endpoint="memberships"),
                Rule("/deep-link-return", endpoint="deep_link_return", methods=["POST"]),
                Rule("/course/<hint>", endpoint="course"),
                Rule("/start/<hint>", endpoint="start"),
            ]
        )
        self.reset()

    # --- set-up ---------------------------------------------------------------------

    def reset(self) -> None:
        self.key = self.first_key  # a test may have rotated it
        self.tool_login_url = ""
        self.tool_launch_url = ""
        self.tool_jwks: Callable[[], dict[str, Any]] = lambda: {"keys": []}
        self.launches: dict[str, LaunchSpec] = {}
        self.scores: list[ReceivedScore] = []
        self.result_times: dict[tuple[str, str], datetime] = {}  # (line item, user) -> timestamp
        self.score_requests = 0
        self.fail_scores = 0  # answer 500 to this many score posts first
        self.tokens: dict[str, str] = {}  # access token -> scope
        self.members: list[dict[str, Any]] = []
        self.deep_link_items: list[dict[str, Any]] = []
        self.line_items: dict[str, dict[str, Any]] = {}
        # Every request: (Host header, path), to see which host the tool called.
        self.requests: list[tuple[str, str]] = []
        # Answer for the token, scores or memberships endpoint in place of the usual one
        # (a faulty or hostile LMS): endpoint name -> answer.
        self.answers: dict[str, Callable[[Request], Response]] = {}

    @property
    def issuer(self) -> str:
        return self.url

    def registration(self) -> dict[str, Any]:
        """The keyword arguments of ``register_platform`` for this platform."""
        return {
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "auth_url": self.url + "/auth",
            "token_url": self.url + "/token",
            "jwks_url": self.url + "/jwks",
            "deployment_ids": [DEPLOYMENT_ID],
        }

    def add_launch(self, spec: LaunchSpec) -> str:
        hint = secrets.token_urlsafe(8)
        self.launches[hint] = spec
        return hint

    def add_line_item(self, score_maximum: float, label: str) -> str:
        item = f"item{len(self.line_items) + 1}"
        self.line_items[item] = {"scoreMaximum": score_maximum, "label": label}
        return item

    def line_item_url(self, item: str) -> str:
        return f"{self.url}/lineitems/{item}"

    def login_params(self, hint: str) -> dict[str, str]:
        """What the platform sends to the tool's login initiation URL."""
        return {
            "iss": self.issuer,
            "login_hint": self.launches[hint].sub,
            "target_link_uri": self.tool_launch_url,
            "lti_message_hint": hint,
            "client_id": CLIENT_ID,
            "lti_deployment_id": DEPLOYMENT_ID,
        }

    # --- tokens ---------------------------------------------------------------------

    def public_jwks(self) -> dict[str, Any]:
        return {"keys": [dict(self.key.as_dict(private=False), use="sig", alg="RS256")]}

    def claims(self, spec: LaunchSpec, nonce: str) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "azp": CLIENT_ID,
            "sub": spec.sub,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            LTI + "deployment_id": DEPLOYMENT_ID,
            LTI + "message_type": spec.message_type,
            LTI + "version": "1.3.0",
            LTI + "roles": spec.roles,
            LTI + "target_link_uri": self.tool_launch_url,
            LTI + "context": {"id": spec.context_id, "title": spec.context_title},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": f"{self.url}/memberships/{spec.context_id}",
                "service_versions": ["2.0"],
            },
        }
        if spec.name:
            claims["name"] = spec.name
        if spec.email:
            claims["email"] = spec.email
        if spec.custom:
            claims[LTI + "custom"] = spec.custom
        if spec.resource_link_id and spec.message_type == "LtiResourceLinkRequest":
            claims[LTI + "resource_link"] = {"id": spec.resource_link_id}
        if spec.line_item:
            claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = {
                "scope": [SCORE_SCOPE],
                "lineitem": self.line_item_url(spec.line_item),
                "lineitems": f"{self.url}/lineitems",
            }
        if spec.message_type == "LtiDeepLinkingRequest":
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": f"{self.url}/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "data": "platform-opaque-data",
            }
        return claims

    def sign(self, claims: dict[str, Any], key: RSAKey | None = None) -> str:
        """The claims signed as ASCII JSON, so a test can send what JSON allows and UTF-8
        does not (an escaped lone surrogate, "\\ud800"), as a faulty LMS could."""
        signing = key or self.key
        header = {"alg": "RS256", "kid": signing.kid or KID, "typ": "JWT"}
        return jws.serialize_compact(header, json.dumps(claims).encode("ascii"), signing)

    def id_token(self, spec: LaunchSpec, nonce: str, **changes: Any) -> str:
        """A signed id_token; ``changes`` replace claims (None removes one)."""
        claims = self.claims(spec, nonce)
        key = changes.pop("_key", None)
        for name, value in changes.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return self.sign(claims, key)

    def _tool_claims(self, token: str) -> dict[str, Any]:
        """A JWT the tool signed, checked against the tool's published keys."""
        keys = KeySet.import_key_set(self.tool_jwks())  # type: ignore[arg-type]
        try:
            return dict(jwt.decode(token, keys, algorithms=["RS256"]).claims)
        except Exception as error:  # any failure is the tool's fault: refuse
            raise Forbidden(f"tool token does not verify: {error}") from error

    # --- HTTP -----------------------------------------------------------------------

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.requests.append((request.host, request.path))
        try:
            endpoint, values = self.routes.bind_to_environ(environ).match()
            answer = self.answers.get(str(endpoint))
            if answer is not None:
                response = answer(request)
            else:
                response = getattr(self, "on_" + str(endpoint))(request, **values)
        except HTTPException as error:
            response = error.get_response()
        return response(environ, start_response)

    def on_jwks(self, request: Request) -> Response:
        return _json(self.public_jwks())

    def on_start(self, request: Request, hint: str) -> Response:
        return Response(
            status=302,
            headers={"Location": self.tool_login_url + "?" + urlencode(self.login_params(hint))},
        )

    def on_course(self, request: Request, hint: str) -> Response:
        page = (
            "<!doctype html><html lang='en'><head><title>LMS course</title></head><body>"
            "<h1>LMS course page</h1>"
            f"<iframe id='tool' title='quizapp' src='/start/{html.escape(hint)}' "
            "width='1100' height='700'></iframe></body></html>"
        )
        return Response(page, content_type="text/html; charset=utf-8")

    def on_auth(self, request: Request) -> Response:
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("redirect_uri") != self.tool_launch_url:
            raise BadRequest("unknown client or redirect_uri")
        if args.get("response_type") != "id_token" or args.get("scope") != "openid":
            raise BadRequest("not an OIDC implicit id_token request")
        spec = self.launches.get(args.get("lti_message_hint", ""))
        if spec is None or args.get("login_hint") != spec.sub or not args.get("nonce"):
            raise BadRequest("unknown launch")
        token = self.id_token(spec, args["nonce"])
        page = (
            "<!doctype html><html lang='en'><head><title>Launching</title></head><body>"
            f"<form id='f' method='post' action='{html.escape(self.tool_launch_url)}'>"
            f"<input type='hidden' name='id_token' value='{token}'>"
            f"<input type='hidden' name='state' value='{html.escape(args.get('state', ''))}'>"
            "</form><script>document.getElementById('f').submit()</script></body></html>"
        )
        return Response(page, content_type="text/html; charset=utf-8")

    def on_token(self, request: Request) -> Response:
        form = request.form
        if form.get("grant_type") != "client_credentials" or form.get("client_assertion_type") != (
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        ):
            raise BadRequest("not a client-credentials request with a JWT assertion")
        claims = self._tool_claims(form.get("client_assertion", ""))
        if claims.get("iss") != CLIENT_ID or claims.get("sub") != CLIENT_ID:
            raise Forbidden("assertion is not from the client")
        if claims.get("aud") not in (self.url + "/token", [self.url + "/token"]):
            raise Forbidden("assertion is for another audience")
        if int(claims.get("exp", 0)) < time.time():
            raise Forbidden("assertion expired")
        token = secrets.token_urlsafe(16)
        self.tokens[token] = form.get("scope", "")
        return _json({"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def _require_scope(self, request: Request, scope: str) -> None:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if scope not in self.tokens.get(token, "").split():
            raise Forbidden("missing access token scope")

    def on_scores(self, request: Request, item: str) -> Response:
        self._require_scope(request, SCORE_SCOPE)
        if item not in self.line_items:
            raise NotFound()
        if request.mimetype != "application/vnd.ims.lis.v1.score+json":
            raise BadRequest("wrong content type")
        self.score_requests += 1
        if self.fail_scores > 0:
            self.fail_scores -= 1
            return Response("platform down", status=500)
        body = json.loads(request.get_data())
        # AGS: a result is never updated by a score older than the one on record; Canvas
        # answers such a score 400.
        result = (item, str(body.get("userId")))
        stamp = datetime.fromisoformat(str(body.get("timestamp")))
        if result in self.result_times and stamp <= self.result_times[result]:
            return Response("Provided timestamp is before last updated timestamp", status=400)
        self.result_times[result] = stamp
        self.scores.append(ReceivedScore(item, body))
        return Response(status=204)

    def on_memberships(self, request: Request, context: str) -> Response:
        self._require_scope(request, NRPS_SCOPE)
        page_size = 2
        start = int(request.args.get("from", "0"))
        page = self.members[start : start + page_size]
        response = _json({"id": request.url, "context": {"id": context}, "members": page})
        if start + page_size < len(self.members):
            next_url = f"{self.url}/memberships/{context}?from={start + page_size}"
            response.headers["Link"] = f'<{next_url}>; rel="next"'
        return response

    def on_deep_link_return(self, request: Request) -> Response:
        claims = self._tool_claims(request.form.get("JWT", ""))
        if claims.get("iss") != CLIENT_ID or claims.get("aud") not in (self.issuer, [self.issuer]):
            raise Forbidden("deep link response is not for this platform")
        if claims.get(LTI + "message_type") != "LtiDeepLinkingResponse":
            raise Forbidden("not a deep linking response")
        if claims.get("https://purl.imsglobal.org/spec/lti-dl/claim/data") != (
            "platform-opaque-data"
        ):
            raise Forbidden("data not returned")
        items = claims.get("https://purl.imsglobal.org/spec/lti-dl/claim/content_items", [])
        for item in items:
            if "lineItem" in item:
                item["platform_line_item"] = self.add_line_item(
                    item["lineItem"]["scoreMaximum"], item["lineItem"]["label"]
                )
        self.deep_link_items.extend(items)
        titles = ", ".join(html.escape(str(item.get("title"))) for item in items)
        return Response(
            f"<!doctype html><html lang='en'><head><title>Added</title></head>"
            f"<body><p id='added'>Added: {titles}</p></body></html>",
            content_type="text/html; charset=utf-8",
        )


def _json(body: Any) -> Response:
    return Response(json.dumps(body), content_type="application/json")
