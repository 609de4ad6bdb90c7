"""Links that never change while the app runs, built once instead of on every page.

Every page's layout links the same style sheet, icons, manifest and navigation; building
each with ``url_for`` costs a walk of the URL map, about a sixth of rendering a study card.
``fixed_url`` (a template global) builds a URL once per app and site root (the
``SCRIPT_NAME`` a proxy may set) and reuses it. It takes only endpoints whose URL depends on
nothing else: static files and routes without parameters. A static file's link carries its
content's version (``static_versions``), looked up on each use, so an edited file is
linked anew at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from flask import Flask, current_app, request, url_for

from .static_versions import versioned

T = TypeVar("T")

_EXTENSION_KEY = "quizapp_fixed_urls"
# The templates name a few dozen; a site root set by an odd proxy cannot grow it past this.
_MOST = 512


def built_once(store: str, key: Hashable, build: Callable[[], T], most: int) -> T:
    """``build()``'s result for ``key`` and this request's site root, kept in the app's
    ``store`` (made by ``new_store``) so later pages reuse it; at most ``most`` are kept,
    so keys that vary unexpectedly cannot grow it without bound."""
    known: dict[Hashable, T] = current_app.extensions[store]
    full_key = (request.script_root, key)
    found = known.get(full_key)
    if found is None:
        found = build()
        if len(known) < most:
            known[full_key] = found
    return found


def new_store(app: Flask, store: str) -> None:
    app.extensions[store] = {}


def fixed_url(endpoint: str, **values: Any) -> str:
    """``url_for(endpoint, **values)``, built once per app and site root."""
    key = (endpoint, tuple(sorted(values.items())))
    url = built_once(_EXTENSION_KEY, key, lambda: url_for(endpoint, **values), _MOST)
    return versioned(url, values["filename"]) if endpoint == "static" else url


def register(app: Flask) -> None:
    new_store(app, _EXTENSION_KEY)
    app.add_template_global(fixed_url, "fixed_url")
