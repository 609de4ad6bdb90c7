"""The images of uploads waiting for "Import", kept from their preview's parse.

A preview shows each image of an upload by a request of its own. Parsing the upload (an
Anki package may be 50 MB) for each of them made a preview of many images parse and load
it many times over. The preview's parse keeps the images here, in this process, keyed by
the upload's id and creation time, up to a byte budget (least recently used out first);
an image request finds them there, and parses the upload only when this process has not
(another worker, or after eviction). Callers check the upload's owner first, and a
discarded upload's row is gone, so nothing here is served to anyone else.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime

from ..media.images import CheckedImage
from ..models import PendingUpload

BUDGET_BYTES = 32 * 1024 * 1024  # per worker process

_Key = tuple[int, datetime]
_kept: OrderedDict[_Key, dict[str, CheckedImage]] = OrderedDict()
_lock = threading.Lock()


def _key(pending: PendingUpload) -> _Key:
    return (pending.id, pending.created_at)


def _size(images: dict[str, CheckedImage]) -> int:
    return sum(len(image.data) for image in images.values())


def keep_images(pending: PendingUpload, images: dict[str, CheckedImage]) -> None:
    """Keep a just-parsed upload's images (none kept when they alone exceed the budget)."""
    if not images or _size(images) > BUDGET_BYTES:
        return
    with _lock:
        _kept[_key(pending)] = images
        _kept.move_to_end(_key(pending))
        while sum(_size(kept) for kept in _kept.values()) > BUDGET_BYTES:
            _kept.popitem(last=False)


def kept_images(pending: PendingUpload) -> dict[str, CheckedImage] | None:
    """The images this process kept from the upload's last parse, if any."""
    with _lock:
        images = _kept.get(_key(pending))
        if images is not None:
            _kept.move_to_end(_key(pending))
        return images
