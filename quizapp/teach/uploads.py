"""Uploads waiting for their preview and "Import": stored as ``PendingUpload`` rows.

The text lives in the database between the two requests (see ``PendingUpload``), is
parsed again for the preview and for the import, and the row is removed once the
import succeeds. Rows a teacher abandons are removed after a day, on their next upload.
"""

from __future__ import annotations

import hmac
from dataclasses import asdict
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import defer

from ..capabilities import NotFound, first_or_not_found
from ..extensions import db
from ..fingerprints import fingerprint
from ..importers import (
    ParsedSet,
    Separators,
    check_chosen_format,
    decode_text_upload,
    is_zip,
    parse_text,
    parse_upload,
)
from ..importers.save import (
    SaveSummary,
    bank_title_from_filename,
    new_bank_title,
    save_question_set,
)
from ..importers.text import UploadError
from ..media.images import CheckedImage
from ..models import PendingUpload, User
from ..ops import events
from ..timeutil import now_utc
from .pending_images import keep_images, kept_images

KEEP_PENDING = timedelta(days=1)


def store_upload(
    owner: User,
    filename: str,
    data: bytes,
    bank_title: str = "",
    chosen: str | None = None,
    separators: Separators | None = None,
) -> PendingUpload:
    """Keep an upload for its preview. Raises ``UploadError`` for unreadable files.

    Text is kept decoded; an Anki package is kept as bytes, after one full read so that
    a damaged or oversized package is refused here rather than on its preview."""
    binary = is_zip(data)
    try:
        if binary or chosen == "apkg":
            parse_upload(data, filename, chosen)
        text = "" if binary else decode_text_upload(data)
        if not binary:
            check_chosen_format(text, filename, "quizlet" if separators else chosen)
    except UploadError as error:
        events.upload_refused(owner.id, filename, str(error))
        raise
    db.session.execute(
        delete(PendingUpload).where(
            PendingUpload.owner_id == owner.id, PendingUpload.created_at < now_utc() - KEEP_PENDING
        )
    )
    pending = PendingUpload(
        owner_id=owner.id,
        filename=filename[:255],
        chosen_format=chosen or None,
        bank_title=(bank_title.strip() or bank_title_from_filename(filename))[:200],
        text=text,
        data=data if binary else None,
        separators=asdict(separators) if separators else None,
    )
    db.session.add(pending)
    db.session.commit()
    events.upload_stored(owner.id, pending.id, pending.filename, len(data))
    return pending


GONE = (
    "This upload is not waiting any more: it was imported or discarded (or it is not "
    "yours). Upload the file again to see its preview."
)


def own_pending_or_404(
    owner: User, pending_id: int, content: bool = True, to_change: bool = False
) -> PendingUpload:
    """The owner's upload; with ``content`` False its text and bytes are read only if used.

    ``to_change`` locks it (FOR UPDATE, on PostgreSQL) until its import or discard
    commits: the same button sent twice at once (a double click) then acts once, and the
    second finds the upload gone, as it does one after the other."""
    query = select(PendingUpload).where(
        PendingUpload.id == pending_id, PendingUpload.owner_id == owner.id
    )
    if not content:
        query = query.options(defer(PendingUpload.text), defer(PendingUpload.data))
    if to_change:
        query = query.with_for_update()
    # Back to a preview after its Discard (or Import) lands here: say why it is gone.
    return first_or_not_found(query, GONE)


def upload_token(pending: PendingUpload) -> str:
    """Names this one upload, for its preview's buttons to send back. SQLite gives an
    imported or discarded upload's id to the next one, so a preview still open in another
    tab must not act on that later file by its id alone."""
    return fingerprint([pending.id, pending.created_at.isoformat(), pending.filename])


def pending_to_change(owner: User, pending_id: int, token: str | None) -> PendingUpload:
    """The owner's upload, locked for its import or discard (``own_pending_or_404``);
    ``NotFound`` too when ``token`` names another upload that had this id. The preview's
    buttons always send it; a request without one (a script) is not held to it."""
    pending = own_pending_or_404(owner, pending_id, to_change=True)
    if token is not None and not hmac.compare_digest(token, upload_token(pending)):
        raise NotFound
    return pending


def parse_pending(pending: PendingUpload) -> ParsedSet:
    """The upload parsed again; a file no parser accepts is a set holding that one error,
    so its preview still opens and offers "Discard" (no upload stays stuck)."""
    try:
        if pending.data is not None:
            parsed = parse_upload(pending.data, pending.filename, pending.chosen_format)
        else:
            separators = Separators(**pending.separators) if pending.separators else None
            parsed = parse_text(pending.text, pending.filename, pending.chosen_format, separators)
    except UploadError as error:
        parsed = ParsedSet(format=pending.chosen_format or "")
        parsed.error(None, str(error))
    return parsed


def preview_pending(pending: PendingUpload) -> ParsedSet:
    """The upload parsed for its preview, its images kept for the preview's image
    requests (``pending_images``)."""
    parsed = parse_pending(pending)
    keep_images(pending, parsed.images)
    return parsed


def pending_images(pending: PendingUpload) -> dict[str, CheckedImage]:
    """The upload's images: as its preview's parse left them, else parsed now."""
    kept = kept_images(pending)
    return kept if kept is not None else preview_pending(pending).images


def import_pending(owner: User, pending: PendingUpload) -> SaveSummary:
    """Save the whole set into the teacher's bank; the pending row goes in the same commit.
    A set with problems raises ``ImportRefused`` (and the pending row stays)."""
    parsed = parse_pending(pending)
    if not parsed.errors:
        db.session.delete(pending)
    return save_question_set(
        parsed, owner, pending.bank_title, filename=pending.filename, typed=name_typed(pending)
    )


def name_typed(pending: PendingUpload) -> bool:
    """Whether the teacher typed the bank's name on the upload form. The upload keeps only
    the name, so one other than the name made from the file's name was typed."""
    return pending.bank_title != bank_title_from_filename(pending.filename)[:200]


def pending_bank_title(pending: PendingUpload, parsed: ParsedSet) -> str:
    """The name the import gives a new bank, for the preview to say."""
    return new_bank_title(parsed, pending.bank_title, typed=name_typed(pending))


def discard_pending(pending: PendingUpload) -> None:
    db.session.delete(pending)
    db.session.commit()
