"""What browsers and phones fetch on their own: ``/favicon.ico`` and the web app manifest.

Browsers ask for ``/favicon.ico`` at the site root whatever the page links, so it is served
here (not a 404 on every first visit). The manifest makes the app installable on a phone's
home screen, with the PNG icons Android and iOS want.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, jsonify, send_from_directory, url_for
from werkzeug.wrappers import Response

from ..extensions import limiter
from . import bp

ICON_FOLDER = Path("static") / "icons"
ICON_CACHE_SECONDS = 7 * 24 * 3600
THEME_COLOUR = "#3a4bc4"  # the brand indigo of style.css
BACKGROUND_COLOUR = "#f5f6fa"


def web_manifest() -> dict[str, Any]:
    """The manifest's fields: name, start page, standalone display, icons (any and maskable)."""
    icons = [
        {
            "src": url_for("static", filename=f"icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }
        for size in (192, 512)
        for purpose in ("any", "maskable")
    ]
    icons.append(
        {
            "src": url_for("static", filename="icons/icon.svg"),
            "sizes": "any",
            "type": "image/svg+xml",
        }
    )
    return {
        "name": "Quizapp — learn the facts, keep the facts",
        "short_name": "Quizapp",
        "description": "Flashcards, quizzes and spaced repetition for the facts of a news story.",
        "start_url": url_for("main.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }


@bp.get("/favicon.ico")
@limiter.exempt
def favicon() -> Response:
    return send_from_directory(
        Path(current_app.root_path) / ICON_FOLDER,
        "favicon.ico",
        mimetype="image/vnd.microsoft.icon",
        max_age=ICON_CACHE_SECONDS,
    )


@bp.get("/manifest.webmanifest")
@limiter.exempt
def manifest() -> Response:
    response = jsonify(web_manifest())
    response.mimetype = "application/manifest+json"
    response.cache_control.max_age = 3600
    response.cache_control.public = True
    return response
