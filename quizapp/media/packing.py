"""A bank's images on the way out: the files an export packs and the names it uses.

Stored rich text points at ``/media/<slug>/<sha256>.<ext>``. Anki packages and Moodle XML
carry their images inside the file, so those exports rename each URL to the bare file
name ``<sha256>.<ext>`` (Moodle prefixes ``@@PLUGINFILE@@/``) and pack the bytes; GIFT,
CSV and JSON keep the URL as it is.
"""

from __future__ import annotations

import re

from ..models import Bank
from ..richtext import MEDIA_PREFIX
from .images import EXTENSIONS
from .store import bank_media

_MEDIA_URL = re.compile(
    re.escape(MEDIA_PREFIX) + r"[^/\"'\s<>]+/([0-9a-f]{64}\.(?:png|jpg|gif|webp))\b"
)


def packed_files(bank: Bank) -> dict[str, bytes]:
    """The bank's images by the file name an export gives them."""
    return {f"{m.sha256}.{EXTENSIONS[m.content_type]}": m.data for m in bank_media(bank.id)}


def referenced_files(html: str) -> list[str]:
    """The file names of the images ``html`` shows, each once, in order."""
    return list(dict.fromkeys(_MEDIA_URL.findall(html)))


def relink(html: str, prefix: str = "") -> str:
    """``html`` with each media URL replaced by ``prefix`` + its file name."""
    return _MEDIA_URL.sub(lambda match: prefix + match.group(1), html)
