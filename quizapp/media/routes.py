"""``/media/<slug>/<sha256>.<ext>``: one image, to those who may see its bank (and to the
teachers of a class it is assigned to, whose progress pages show its questions).

Anyone else (another school's student, an anonymous visitor, a wrong extension) gets
404, so images cannot be used to discover banks. The URL names the content, so the
response may be cached for a year; ``private`` keeps shared caches from keeping it.
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..banks.access import visible_bank
from ..extensions import db
from ..models import Media
from ..teach.access import taught_class_bank
from .images import EXTENSIONS

bp = Blueprint("media", __name__, url_prefix="/media")
CACHE_CONTROL = "private, max-age=31536000, immutable"


@bp.get("/<slug>/<string(length=64):sha256>.<ext>")
def image(slug: str, sha256: str, ext: str) -> Response:
    if not current_user.is_authenticated:
        abort(404)
    bank = visible_bank(current_user, slug) or taught_class_bank(current_user, slug)
    if bank is None:
        abort(404)
    media = db.session.scalar(
        select(Media).where(Media.bank_id == bank.id, Media.sha256 == sha256.lower())
    )
    if media is None or EXTENSIONS[media.content_type] != ext:
        abort(404)
    return _image_response(media.data, media.content_type, CACHE_CONTROL)


@bp.get("/uploads/<int:pending_id>/<string(length=64):sha256>.<ext>")
def upload_image(pending_id: int, sha256: str, ext: str) -> Response:
    """An image of an upload not imported yet, for its preview: to its owner only."""
    from ..teach.uploads import own_pending_or_404, pending_images

    if not current_user.is_authenticated:
        abort(404)
    pending = own_pending_or_404(current_user, pending_id, content=False)
    image = pending_images(pending).get(sha256.lower())
    if image is None or image.extension != ext:
        abort(404)
    return _image_response(image.data, image.content_type, "private, no-store")


def _image_response(data: bytes, content_type: str, cache_control: str) -> Response:
    response = Response(data, mimetype=content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = cache_control
    return response
