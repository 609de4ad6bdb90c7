"""One way to send a file download, so every export has the same safe headers."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response


def attachment(body: bytes | Iterable[bytes], filename: str, content_type: str) -> Response:
    """A download named ``filename``; ``content_type`` is sent exactly as given.

    Passing it as ``content_type`` (not ``mimetype``) keeps Werkzeug from appending a
    second ``charset``. ``headers.add_security_headers`` adds ``no-store`` and ``nosniff``.
    """
    return Response(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
