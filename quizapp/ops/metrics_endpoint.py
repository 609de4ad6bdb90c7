"""``GET /metrics`` for Prometheus, shown only to who may scrape it.

With ``METRICS_TOKEN`` set, a scrape must send ``Authorization: Bearer <token>``. Without
it, only a request made on this machine directly (from 127.0.0.1 or ::1, with no proxy's
forwarding header) gets the metrics. Everyone else gets the site's ordinary 404, so the
page's existence is not advertised.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Request, abort, current_app, request
from werkzeug.wrappers import Response

from .metrics import exposition

bp = Blueprint("ops", __name__)

LOOPBACK = frozenset({"127.0.0.1", "::1"})
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def may_scrape(incoming: Request, token: str | None) -> bool:
    """Whether ``incoming`` may read the metrics (see the module's docstring)."""
    if token:
        sent = incoming.headers.get("Authorization", "")
        scheme, _, value = sent.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            value.strip().encode(), token.encode()
        )
    direct = not any(name in incoming.headers for name in FORWARDING_HEADERS)
    return direct and incoming.remote_addr in LOOPBACK


@bp.get("/metrics")
def metrics() -> Response:
    if not may_scrape(request, current_app.config["METRICS_TOKEN"]):
        abort(404)
    body, content_type = exposition()
    return Response(body, content_type=content_type)
