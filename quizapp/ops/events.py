"""Events an operator wants to read or count: log-ins, uploads, imports, content loads,
exports and answers. Each function logs one line (``quizapp.events``) and/or moves a
metric; callers pass ids, counts and names, never what a person typed as an answer or a
password. A failed log-in names the account only by a keyed hash (see ``account_tag``).
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from flask import current_app, has_request_context, request

from . import metrics
from .logs import ExcInfo, log_event

log = logging.getLogger("quizapp.events")


def account_tag(email: str) -> str:
    """A short keyed hash of the email typed at a failed log-in: the same for repeated
    attempts on one account (so an operator sees an account under attack), useless for
    recovering the address, and never the text itself (people type passwords there)."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, email.strip().casefold().encode(), hashlib.sha256)
    return digest.hexdigest()[:12]


def _client() -> str | None:
    return request.remote_addr if has_request_context() else None


def login_succeeded(user_id: int) -> None:
    log_event(log, "login.succeeded", user_id=user_id, client=_client())


def login_failed(email: str) -> None:
    log_event(log, "login.failed", logging.WARNING, account=account_tag(email), client=_client())


def signed_up(user_id: int, role: str) -> None:
    log_event(log, "signup", user_id=user_id, role=role, client=_client())


def upload_stored(owner_id: int, pending_id: int, filename: str, size: int) -> None:
    log_event(
        log, "upload.stored", owner_id=owner_id, pending_id=pending_id, filename=filename,
        bytes=size,
    )  # fmt: skip


def upload_refused(owner_id: int, filename: str, reason: str) -> None:
    """A file refused before its preview (unreadable, wrong format, damaged package)."""
    metrics.count_import("upload", "refused")
    log_event(
        log, "upload.refused", logging.WARNING, owner_id=owner_id, filename=filename,
        reason=reason[:300],
    )  # fmt: skip


def import_saved(
    source: str, owner_id: int, bank_id: int, created: bool, facts: int, questions: int
) -> None:
    """A question set saved into a teacher's bank (``source``: upload or cli)."""
    metrics.count_import(source, "saved")
    log_event(
        log, "import.saved", source=source, owner_id=owner_id, bank_id=bank_id,
        created=created, facts=facts, questions=questions,
    )  # fmt: skip


def import_refused(source: str, owner_id: int | None, reason: str, problems: int = 0) -> None:
    """A question set that could not be saved; nothing was written."""
    metrics.count_import(source, "refused")
    log_event(
        log, "import.refused", logging.WARNING, source=source, owner_id=owner_id,
        problems=problems, reason=reason[:300],
    )  # fmt: skip


def content_loaded(slug: str, outcome: str, **counts: int) -> None:
    """A built-in bank loaded by ``flask content load`` (outcome: created, updated,
    unchanged or skipped; ``counts``: facts and questions added, updated, retired)."""
    metrics.count_import("content", outcome)
    log_event(log, "content.loaded", slug=slug, outcome=outcome, **counts)


def content_refused(path: str, problems: int) -> None:
    metrics.count_import("content", "refused")
    log_event(log, "content.refused", logging.WARNING, path=path, problems=problems)


def export_written(export: str, kind: str, rows: int, **where: int | str | None) -> None:
    """A download finished: a bank (``kind`` its format) or results CSV (``kind``:
    answers, attempts...); ``where`` says whose (bank_id, class_id, user_id)."""
    metrics.count_export(export, kind, rows)
    log_event(log, "export.written", export=export, kind=kind, rows=rows, **where)


def answer_recorded(mode: str, rating: str) -> None:
    """Counted, not logged: the request's own line already says an answer was posted."""
    metrics.count_answer(mode, rating)


def next_card_failed(exc_info: ExcInfo) -> None:
    """The card an answer's page carries could not be issued; the answer was then
    recorded on its own (see ``study.routes``), so this is a fault to read, not a loss."""
    log_event(log, "study.next_card_failed", logging.ERROR, exc_info)
