"""Links that never change while the app runs, built once instead of on every page.

Every page's layout links the same style sheet, icons, manifest and navigation; building
each with ``url_for`` costs a walk of the URL map, about a sixth of rendering a study card.
``fixed_url`` (a template global) builds a URL once per app and site root (the
``SCRIPT_NAME`` a proxy may set) and reuses it. It takes only endpoints whose URL depends on
nothing else: static files and routes without parameters.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request, url_for

_EXTENSION_KEY = "quizapp_fixed_urls"
# The templates name a few dozen; a site root set by an odd proxy cannot grow it past this.
_MOST = 512


def fixed_url(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, **values)``, built once per app and site root."""
    known: dict[tuple[str, str, tuple[tuple[str, Any], ...]], str] = current_app.extensions[
        _EXTENSION_KEY
    ]
    key = (request.script_root, endpoint, tuple(sorted(values.items())))
    url = known.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if len(known) < _MOST:
            known[key] = url
    return url


def register(app: Flask) -> None:
    app.extensions[_EXTENSION_KEY] = {}
    app.add_template_global(fixed_url, "fixed_url")
