"""Grade passback through a durable outbox.

A finished quiz launched from the LMS adds one ``lti_scores`` row in the transaction that
finishes it, so a score is never lost; the row is unique per attempt and each try first
claims it (``claimed_until``), so a score is never posted twice, even with several
senders. Failures wait 1, 2, 4 ... minutes (at most 6 hours) and are tried again, by the
sender started after the quiz and by `flask lti send-scores` (run it from cron).

A score that can never be sent as things stand stops instead: one whose line item is on
another site than the LMS's registered ones (stored before launches refused such
addresses; quizapp will not send an access token there), and one whose line item the LMS
deleted (it answers 404 or 410) once it has been tried ``COLUMN_GONE_TRIES`` times, so a
column missing for a moment (a course being restored) still gets it. Its ``next_try_at``
becomes ``STOPPED``, the class page says why, and it is queued again when a launch of
its link brings the line item's address anew, or when the teacher tries it again (once
the administrator has registered that site, or the column is back).
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import ColumnElement, Select, and_, func, or_, select, update
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Assignment, QuizAttempt
from ..timeutil import now_utc
from . import services
from .models import LtiResourceLink, LtiScore, LtiUser
from .registration import RegistrationError, origin_of, platform_origins

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
CLAIM_FOR = timedelta(minutes=2)
MAX_ERROR_LENGTH = 500
# Tries after which a 404 or 410 answer stops a score (about a quarter of an hour).
COLUMN_GONE_TRIES = 4
# ``next_try_at`` of a score that is not tried again on its own (see the module's doc).
STOPPED = datetime(9999, 12, 31, tzinfo=UTC)


def retry_delay(tries: int) -> timedelta:
    """Exponential backoff after ``tries`` failed tries. The doubling stops once past
    ``LONGEST_WAIT``: a score failing for weeks would otherwise overflow ``timedelta``."""
    doublings = min(max(tries - 1, 0), (LONGEST_WAIT // FIRST_RETRY).bit_length())
    doubled: timedelta = FIRST_RETRY * (1 << doublings)
    return min(doubled, LONGEST_WAIT)


def queue_score(attempt_id: int, now: datetime) -> None:
    """Add the attempt's score to the outbox if it was launched from an LMS line item.

    The score posted is the learner's best on this quiz so far (their finished attempts
    of the same assignment, out of the same maximum, this one included): the gradebook
    shows the best, as the learner's home page does, so a worse retake posts the best
    again, with its own later timestamp, rather than lowering the grade.

    Called in the transaction that finishes the attempt; commits nothing itself."""
    other = aliased(QuizAttempt)
    best = (
        select(func.max(other.score))
        .where(
            other.user_id == QuizAttempt.user_id,
            other.assignment_id == QuizAttempt.assignment_id,
            other.finished_at.is_not(None),
            other.max_score == QuizAttempt.max_score,
        )
        .scalar_subquery()
    )
    row = db.session.execute(
        select(QuizAttempt.score, best, QuizAttempt.max_score, LtiResourceLink.id, LtiUser.sub)
        .join(Assignment, Assignment.id == QuizAttempt.assignment_id)
        .join(LtiResourceLink, LtiResourceLink.assignment_id == Assignment.id)
        .join(
            LtiUser,
            and_(
                LtiUser.user_id == QuizAttempt.user_id,
                LtiUser.platform_id == LtiResourceLink.platform_id,
            ),
        )
        .where(QuizAttempt.id == attempt_id, LtiResourceLink.line_item_url.is_not(None))
    ).first()
    if row is None:
        return
    score, best_score, maximum, link_id, sub = row
    db.session.add(
        LtiScore(
            attempt_id=attempt_id,
            resource_link_row_id=link_id,
            user_sub=sub,
            score_given=max(score, best_score or 0.0),
            score_maximum=maximum,
            finished_at=now,
            tries=0,
            next_try_at=now,
        )
    )


def score_body(score: LtiScore) -> dict[str, Any]:
    """The AGS score; its timestamp is the attempt's finish, the same on every try, with
    the sub-second precision AGS asks for (``isoformat`` drops a zero fraction)."""
    return {
        "userId": score.user_sub,
        "scoreGiven": score.score_given,
        "scoreMaximum": score.score_maximum,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": score.finished_at.isoformat(timespec="microseconds"),
    }


def _claim(score_id: int, now: datetime) -> bool:
    claimed = db.session.execute(
        update(LtiScore)
        .where(
            LtiScore.id == score_id,
            LtiScore.sent_at.is_(None),
            LtiScore.next_try_at <= now,
            or_(LtiScore.claimed_until.is_(None), LtiScore.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM_FOR)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def off_site_reason(link: LtiResourceLink) -> str | None:
    """Why the link's line item can never get a score as registered, or None."""
    url = str(link.line_item_url)
    try:
        origin = origin_of(url)
    except RegistrationError:
        origin = None
    if origin is not None and origin in platform_origins(link.platform):
        return None
    return (
        f"The gradebook column's address ({origin or 'not a web address'}) is not on the "
        "LMS's registered sites, so quizapp does not send scores there."
    )


class Outcome(enum.Enum):
    SENT = "sent"
    FAILED = "failed"  # tried again later
    STOPPED = "stopped"  # not tried again on its own (see ``STOPPED``)
    SUPERSEDED = "superseded"  # a later attempt's score went first (see ``_superseded``)


SUPERSEDED = "Not sent: a later attempt's score was sent first, and the gradebook keeps it."


def _superseded(score: LtiScore) -> bool:
    """Whether a later attempt's score of the same learner and link was already posted.

    The LMS keeps the score with the latest timestamp (AGS): an older one posted after it
    would overwrite the later result, or be refused on every retry (Canvas answers 400).
    Such a score is closed unsent: ``sent_at`` set, ``last_error`` saying why."""
    later = db.session.scalar(
        select(LtiScore.id)
        .where(
            LtiScore.resource_link_row_id == score.resource_link_row_id,
            LtiScore.user_sub == score.user_sub,
            LtiScore.finished_at > score.finished_at,
            LtiScore.sent_at.is_not(None),
            LtiScore.last_error.is_(None),
        )
        .limit(1)
    )
    return later is not None


def send_score(score_id: int, now: datetime) -> Outcome | None:
    """Try to post one score; None when it is not due or another sender has it."""
    if not _claim(score_id, now):
        return None
    score = db.session.get(LtiScore, score_id, populate_existing=True)
    assert score is not None  # claimed just now
    if _superseded(score):
        score.claimed_until, score.sent_at, score.last_error = None, now, SUPERSEDED
        current_app.logger.info("lti score %s superseded by a later attempt's", score.id)
        db.session.commit()
        return Outcome.SUPERSEDED
    link = score.resource_link
    stopped = off_site_reason(link)
    credentials = services.Credentials.of(link.platform, now)
    line_item_url, body = str(link.line_item_url), score_body(score)
    db.session.commit()  # hold no database lock while the LMS answers
    error, column_gone = stopped, False
    if stopped is None:
        try:
            services.post_score(credentials, line_item_url, body)
        except services.ServiceError as failure:
            error = str(failure)[:MAX_ERROR_LENGTH]
            column_gone = isinstance(failure, services.ColumnGone)
    score = db.session.get(LtiScore, score_id)
    assert score is not None
    score.tries += 1
    score.claimed_until = None
    if error is None:
        score.sent_at, score.last_error = now_utc(), None
        current_app.logger.info("lti score %s sent", score.id)
        db.session.commit()
        return Outcome.SENT
    stop = stopped is not None or (column_gone and score.tries >= COLUMN_GONE_TRIES)
    outcome = Outcome.STOPPED if stop else Outcome.FAILED
    score.last_error = error
    score.next_try_at = STOPPED if stop else now + retry_delay(score.tries)
    current_app.logger.warning("lti score %s %s: %s", score.id, outcome.value, error)
    db.session.commit()
    return outcome


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int
    stopped: int = 0


def send_due_scores(now: datetime, limit: int = 200) -> SendReport:
    """Post every score that is due (`flask lti send-scores`)."""
    due = db.session.scalars(
        select(LtiScore.id)
        .where(LtiScore.sent_at.is_(None), LtiScore.next_try_at <= now)
        .order_by(LtiScore.next_try_at)
        .limit(limit)
    ).all()
    results = [send_score(score_id, now) for score_id in due]
    return SendReport(
        sent=results.count(Outcome.SENT),
        failed=results.count(Outcome.FAILED),
        stopped=results.count(Outcome.STOPPED),
    )


def resume_stopped(link_ids: Collection[int], now: datetime) -> int:
    """Queue the stopped scores of these links again, due now; how many."""
    resumed = db.session.execute(
        update(LtiScore)
        .where(
            LtiScore.resource_link_row_id.in_(link_ids),
            LtiScore.sent_at.is_(None),
            LtiScore.next_try_at == STOPPED,
        )
        .values(next_try_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(resumed.rowcount)  # type: ignore[attr-defined]


def send_soon(attempt_id: int) -> None:
    """After the finishing commit: post the attempt's score now, off the request thread,
    so the learner never waits for the LMS. A failure stays in the outbox for a retry."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("LTI_SEND_AFTER_FINISH", True):
        return
    score_id = db.session.scalar(select(LtiScore.id).where(LtiScore.attempt_id == attempt_id))
    if score_id is not None:
        threading.Thread(target=_send_in_thread, args=(app, score_id), daemon=True).start()


def _send_in_thread(app: Flask, score_id: int) -> None:
    with app.app_context():
        try:
            send_score(score_id, now_utc())
        finally:
            db.session.remove()


@dataclass(frozen=True)
class ClassGrades:
    """The class page's line about grade passback."""

    sent: int
    waiting: int
    failing: int
    last_error: str | None
    next_try_at: datetime | None
    stopped: int = 0
    stopped_error: str | None = None
    superseded: int = 0  # closed unsent: a later attempt's score went first

    @property
    def stopped_column_gone(self) -> bool:
        """Whether the stopped score shown stopped because the LMS deleted its column
        (else its column is on another site): the page's advice differs."""
        return (self.stopped_error or "").startswith(services.COLUMN_GONE)


def _class_scores(classroom_id: int) -> Select[LtiScore]:
    return (
        select(LtiScore)
        .join(LtiResourceLink, LtiResourceLink.id == LtiScore.resource_link_row_id)
        .join(Assignment, Assignment.id == LtiResourceLink.assignment_id)
        .where(Assignment.classroom_id == classroom_id)
    )


def class_grades(classroom_id: int) -> ClassGrades | None:
    """Scores of the class's LMS links, or None when the class has none."""
    in_class = _class_scores(classroom_id).subquery()
    unsent, stopped = in_class.c.sent_at.is_(None), in_class.c.next_try_at == STOPPED
    waiting = and_(unsent, ~stopped)
    closed_unsent = and_(in_class.c.sent_at.is_not(None), in_class.c.last_error.is_not(None))
    sent, waiting_count, failing, next_try, stopped_count, superseded = db.session.execute(
        select(
            func.count().filter(in_class.c.sent_at.is_not(None), in_class.c.last_error.is_(None)),
            func.count().filter(waiting),
            func.count().filter(and_(waiting, in_class.c.tries > 0)),
            func.min(in_class.c.next_try_at).filter(waiting),
            func.count().filter(and_(unsent, stopped)),
            func.count().filter(closed_unsent),
        )
    ).one()
    if not (sent or waiting_count or stopped_count or superseded):
        return None

    def latest_error(which: ColumnElement[bool]) -> str | None:
        return db.session.scalar(
            select(in_class.c.last_error)
            .where(which, in_class.c.last_error.is_not(None))
            .order_by(in_class.c.next_try_at.desc(), in_class.c.id.desc())
            .limit(1)
        )

    return ClassGrades(
        sent,
        waiting_count,
        failing,
        latest_error(waiting),
        next_try,
        stopped_count,
        latest_error(and_(unsent, stopped)),
        superseded,
    )


def retry_stopped(classroom_id: int, now: datetime) -> tuple[int, list[str]]:
    """Queue again the class's stopped scores whose line item is now on one of the LMS's
    registered sites (the administrator registered it); the reasons of those still not."""
    links = db.session.scalars(
        select(LtiResourceLink).where(
            LtiResourceLink.id.in_(
                _class_scores(classroom_id)
                .where(LtiScore.sent_at.is_(None), LtiScore.next_try_at == STOPPED)
                .with_only_columns(LtiScore.resource_link_row_id)
            )
        )
    ).all()
    reasons = {link.id: off_site_reason(link) for link in links}
    ready = [link_id for link_id, reason in reasons.items() if reason is None]
    resumed = resume_stopped(ready, now) if ready else 0
    db.session.commit()
    return resumed, sorted({reason for reason in reasons.values() if reason})
