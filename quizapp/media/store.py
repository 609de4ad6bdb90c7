"""Keeping a bank's images and naming their URLs.

Callers add images inside their own transaction (an import stores its images with its
questions, or neither), so nothing here commits.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Bank, Media
from ..richtext import MEDIA_PREFIX
from .images import EXTENSIONS, CheckedImage


def media_url(bank_slug: str, sha256: str, content_type: str) -> str:
    """Where the app serves an image: ``/media/<slug>/<sha256>.<ext>``."""
    return f"{MEDIA_PREFIX}{bank_slug}/{sha256}.{EXTENSIONS[content_type]}"


def store_image(bank: Bank, image: CheckedImage) -> Media:
    """The bank's row for this image, added to the session when it is new."""
    existing = db.session.scalar(
        select(Media).where(Media.bank_id == bank.id, Media.sha256 == image.sha256)
    )
    if existing is not None:
        return existing
    media = Media(
        bank_id=bank.id,
        sha256=image.sha256,
        content_type=image.content_type,
        data=image.data,
        byte_size=len(image.data),
    )
    db.session.add(media)
    db.session.flush()
    return media


def bank_media(bank_id: int) -> list[Media]:
    """Every image of a bank, oldest first (what an export packs)."""
    return list(
        db.session.scalars(select(Media).where(Media.bank_id == bank_id).order_by(Media.id))
    )
