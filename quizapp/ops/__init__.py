"""What an operator reads and scrapes: log lines, request ids and Prometheus metrics.

``register(app)`` wires it into the factory before anything else, so every later hook is
timed and every later line is logged; the database pools are watched once the
extensions are bound (``metrics.watch_pools``).
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from .logs import configure_logging
    from .metrics_endpoint import bp
    from .request_telemetry import register as register_request_telemetry

    configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])
    register_request_telemetry(app)
    app.register_blueprint(bp)
