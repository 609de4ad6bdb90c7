"""Which bytes count as an image the app will keep: PNG, JPEG, GIF or WebP, at most 2 MB.

The type is read from the file's first bytes (its magic number), never from its name or
a declared type: a ``.png`` that holds HTML or SVG could run script if served as such, so
it is refused. The extension of the URL comes from the detected type.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

MAX_IMAGE_BYTES = 2 * 1024 * 1024

# Content type -> URL extension, for the four kinds the app serves.
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}


class ImageRefused(ValueError):
    """Bytes that are not an image the app keeps; the message says why, for a warning."""


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    sha256: str
    data: bytes

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def sniff_image_type(data: bytes) -> str | None:
    """The content type the bytes really are, or None when they are none of the four."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_image(data: bytes) -> CheckedImage:
    """The image ready to store, or ``ImageRefused`` saying what is wrong with it."""
    if len(data) > MAX_IMAGE_BYTES:
        limit_mb = MAX_IMAGE_BYTES // (1024 * 1024)
        raise ImageRefused(f"it is larger than {limit_mb} MB")
    content_type = sniff_image_type(data)
    if content_type is None:
        raise ImageRefused("it is not a PNG, JPEG, GIF or WebP image")
    return CheckedImage(content_type, hashlib.sha256(data).hexdigest(), data)
