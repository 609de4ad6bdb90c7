"""One way to send a file download, so every export has the same safe headers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote

from flask import Response

_NOT_ASCII = re.compile(r"[^\x20-\x7e]+")


def file_stem(text: str, default: str) -> str:
    """``text`` as a file name's stem in any script: lower case, letters and digits kept,
    every other run a single dash ("3학년 1반" -> "3학년-1반"); ``default`` when none is left."""
    stem = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in stem.split("-") if part) or default


def attachment(body: bytes | Iterable[bytes], filename: str, content_type: str) -> Response:
    """A download named ``filename``; ``content_type`` is sent exactly as given.

    A name in another script than Latin (a Korean class's) goes as ``filename*`` in
    UTF-8 (RFC 6266), which browsers prefer, beside an ASCII ``filename`` for the rest.
    Passing the type as ``content_type`` (not ``mimetype``) keeps Werkzeug from appending
    a second ``charset``. ``headers.add_security_headers`` adds ``no-store`` and
    ``nosniff``."""
    disposition = f'attachment; filename="{filename}"'
    if not filename.isascii():
        disposition = f'attachment; filename="{_ascii_name(filename)}"; '
        disposition += f"filename*=UTF-8''{quote(filename, safe='')}"
    return Response(body, content_type=content_type, headers={"Content-Disposition": disposition})


def _ascii_name(filename: str) -> str:
    """The name for browsers that read only ``filename``: each run of other characters a
    dash ("3학년-1반-answers.csv" -> "3-1-answers.csv"), "download" when no stem is left."""
    name = "-".join(part for part in _NOT_ASCII.sub("-", filename).split("-") if part)
    return name if name and not name.startswith(".") else f"download{name}"
