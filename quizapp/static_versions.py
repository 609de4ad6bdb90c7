"""The app's own files (style sheets, scripts, icons) linked by their content.

``fixed_url('static', ...)`` adds ``?v=`` and the first 12 hex digits of the file's
SHA-256, and a request naming a file's current version is answered ``immutable`` for a
year: a browser then asks nothing for them on the next page, where it used to check
each of them again (an answer was one request and seven checks). A changed file (a new
release, or an edit under ``make dev``) gets a new address at once; an address with an
old or no version is served as before, checked on every use.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

VERSION_ARG = "v"
LONG_CACHE = "public, max-age=31536000, immutable"
_EXTENSION_KEY = "quizapp_static_versions"

# By file name under the folder: its path, then the (mtime in ns, size) its version was
# read at, so a page's links cost one ``stat`` each and a file is read again only once
# it changed.
Seen = dict[str, tuple[str, int, int, str]]


def file_version(seen: Seen, folder: Path, filename: str) -> str | None:
    """The version of ``folder``/``filename`` (None when there is no such file in it)."""
    known = seen.get(filename)
    path = known[0] if known is not None else safe_join(str(folder), filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
        if known is not None and known[1:3] == (stat.st_mtime_ns, stat.st_size):
            return known[3]
        with open(path, "rb") as file:
            version = hashlib.sha256(file.read()).hexdigest()[:12]
    except OSError:  # gone, or a folder
        return None
    seen[filename] = (path, stat.st_mtime_ns, stat.st_size, version)
    return version


def _current_version(filename: str) -> str | None:
    folder, seen = current_app.extensions[_EXTENSION_KEY]
    return file_version(seen, folder, filename) if folder is not None else None


def versioned(url: str, filename: str) -> str:
    """``url`` of the static file ``filename``, with its current version."""
    version = _current_version(filename)
    return f"{url}?{VERSION_ARG}={version}" if version else url


def _keep_versioned_files(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    asked = request.args.get(VERSION_ARG)
    filename = (request.view_args or {}).get("filename", "")
    if asked and asked == _current_version(filename):
        response.headers["Cache-Control"] = LONG_CACHE
        response.headers.pop("Expires", None)
    return response


def register(app: Flask) -> None:
    folder = Path(app.static_folder) if app.static_folder is not None else None
    seen: Seen = {}
    app.extensions[_EXTENSION_KEY] = (folder, seen)
    app.after_request(_keep_versioned_files)
