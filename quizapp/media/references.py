"""Turning an upload's ``<img src="name.png">`` into the app's own image URLs.

An importer hands over a field's raw HTML and the files its package holds (an ``.apkg``'s
media, a Moodle question's ``<file>`` elements). Each image that is really a PNG, JPEG,
GIF or WebP of at most 2 MB is kept on the ``ParsedSet`` and its ``src`` is pointed at
``/media/_bank_/<sha256>.<ext>``: the bank is not known until the import is saved, when
``attach_images`` stores the images and puts the bank's slug in place of ``_bank_``.
Any other image is removed, with a warning on its line.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Mapping
from dataclasses import fields
from urllib.parse import unquote

from ..importers.records import ParsedFact, ParsedQuestion, ParsedSet
from ..models import Bank
from ..richtext import MEDIA_PREFIX
from .images import ImageRefused, check_image
from .store import media_url, store_image

PENDING_BANK = "_bank_"
PENDING_PREFIX = f"{MEDIA_PREFIX}{PENDING_BANK}/"
_IMG_SRC = re.compile(
    r"""(<img\b[^>]*?\bsrc\s*=\s*)(?:(["'])(.*?)\2|([^\s"'>]+))([^>]*>?)""",
    re.IGNORECASE | re.DOTALL,
)


def keep_images(
    html: str,
    files: Mapping[str, bytes],
    parsed: ParsedSet,
    line: int | None,
    where: str = "",
    strip_prefix: str = "",
) -> str:
    """``html`` with each image that can be kept pointed at its pending URL."""

    def replace(match: re.Match[str]) -> str:
        source = match.group(3) or match.group(4) or ""
        # An attribute's text: "Tom &amp; Jerry.png" names the file "Tom & Jerry.png".
        name = unquote(html_text.unescape(source.strip()))
        name = name.removeprefix(strip_prefix).lstrip("/")
        data = files.get(name)
        if data is None:
            parsed.note(line, f"{where}image {name} is missing from the file; it was dropped")
            return ""
        try:
            image = check_image(data)
        except ImageRefused as refusal:
            parsed.note(line, f"{where}image {name} was dropped: {refusal}")
            return ""
        parsed.images[image.sha256] = image
        url = media_url(PENDING_BANK, image.sha256, image.content_type)
        return f'{match.group(1)}"{url}"{match.group(5)}'

    return _IMG_SRC.sub(replace, html)


def _repointed(value: object, prefix: str) -> object:
    if isinstance(value, str):
        return value.replace(PENDING_PREFIX, prefix)
    if isinstance(value, list):
        return [_repointed(item, prefix) for item in value]
    return value


def point_images_at(parsed: ParsedSet, prefix: str) -> None:
    """Put ``prefix`` in place of the pending image URLs in every fact and question."""
    for fact in parsed.facts:
        records: list[ParsedFact | ParsedQuestion] = [fact, *fact.questions]
        for record in records:
            for field in fields(record):
                setattr(record, field.name, _repointed(getattr(record, field.name), prefix))


def preview_prefix(pending_id: int) -> str:
    """Where an upload's preview finds its images before they are stored (owner only)."""
    return f"{MEDIA_PREFIX}uploads/{pending_id}/"


def attach_images(bank: Bank, parsed: ParsedSet) -> None:
    """Store the upload's images for ``bank`` (in the caller's transaction) and point its
    facts' and questions' image URLs at the bank."""
    if not parsed.images:
        return
    shown = _shown_images(parsed)
    for sha256, image in parsed.images.items():
        if sha256 in shown:
            store_image(bank, image)
    point_images_at(parsed, f"{MEDIA_PREFIX}{bank.slug}/")


def _shown_images(parsed: ParsedSet) -> set[str]:
    """The sha256s of the images the set's facts and questions show. A note or question
    the import left out (an empty back, an image occlusion) may hold one: no question of
    the bank would show it, so it is not stored."""
    texts: list[str] = []
    for fact in parsed.facts:
        records: list[ParsedFact | ParsedQuestion] = [fact, *fact.questions]
        for record in records:
            for field in fields(record):
                value = getattr(record, field.name)
                texts.extend(_as_texts(value))
    shown = "\n".join(texts)
    return {sha256 for sha256 in parsed.images if f"{PENDING_PREFIX}{sha256}." in shown}


def _as_texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []
