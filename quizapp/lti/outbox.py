"""Grade passback through a durable outbox.

A finished quiz launched from the LMS adds one ``lti_scores`` row in the transaction that
finishes it, so a score is never lost; the row is unique per attempt and each try first
claims it (``claimed_until``), so a score is never posted twice, even with several
senders. Failures wait 1, 2, 4 ... minutes (at most 6 hours) and are tried again, by the
sender started after the quiz and by `flask lti send-scores` (run it from cron).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import and_, func, or_, select, update

from ..extensions import db
from ..models import Assignment, QuizAttempt
from ..timeutil import now_utc
from . import services
from .models import LtiResourceLink, LtiScore, LtiUser

FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
CLAIM_FOR = timedelta(minutes=2)
MAX_ERROR_LENGTH = 500


def retry_delay(tries: int) -> timedelta:
    """Exponential backoff after ``tries`` failed tries."""
    doubled: timedelta = FIRST_RETRY * (1 << max(tries - 1, 0))
    return min(doubled, LONGEST_WAIT)


def queue_score(attempt_id: int, now: datetime) -> None:
    """Add the attempt's score to the outbox if it was launched from an LMS line item.

    Called in the transaction that finishes the attempt; commits nothing itself."""
    row = db.session.execute(
        select(QuizAttempt.score, QuizAttempt.max_score, LtiResourceLink.id, LtiUser.sub)
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
    score, maximum, link_id, sub = row
    db.session.add(
        LtiScore(
            attempt_id=attempt_id,
            resource_link_row_id=link_id,
            user_sub=sub,
            score_given=score,
            score_maximum=maximum,
            finished_at=now,
            tries=0,
            next_try_at=now,
        )
    )


def score_body(score: LtiScore) -> dict[str, Any]:
    """The AGS score; its timestamp is the attempt's finish, the same on every try."""
    return {
        "userId": score.user_sub,
        "scoreGiven": score.score_given,
        "scoreMaximum": score.score_maximum,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": score.finished_at.isoformat(),
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


def send_score(score_id: int, now: datetime) -> bool | None:
    """Try to post one score: True sent, False failed (retried later), None not due or
    taken by another sender."""
    if not _claim(score_id, now):
        return None
    score = db.session.get(LtiScore, score_id, populate_existing=True)
    assert score is not None  # claimed just now
    link = score.resource_link
    credentials = services.Credentials.of(link.platform, now)
    line_item_url, body = str(link.line_item_url), score_body(score)
    db.session.commit()  # hold no database lock while the LMS answers
    error: str | None = None
    try:
        services.post_score(credentials, line_item_url, body)
    except services.ServiceError as failure:
        error = str(failure)[:MAX_ERROR_LENGTH]
    score = db.session.get(LtiScore, score_id)
    assert score is not None
    score.tries += 1
    score.claimed_until = None
    if error is None:
        score.sent_at, score.last_error = now_utc(), None
        current_app.logger.info("lti score %s sent", score.id)
    else:
        score.last_error, score.next_try_at = error, now + retry_delay(score.tries)
        current_app.logger.warning("lti score %s failed: %s", score.id, error)
    db.session.commit()
    return error is None


@dataclass(frozen=True)
class SendReport:
    sent: int
    failed: int


def send_due_scores(now: datetime, limit: int = 200) -> SendReport:
    """Post every score that is due (`flask lti send-scores`)."""
    due = db.session.scalars(
        select(LtiScore.id)
        .where(LtiScore.sent_at.is_(None), LtiScore.next_try_at <= now)
        .order_by(LtiScore.next_try_at)
        .limit(limit)
    ).all()
    results = [send_score(score_id, now) for score_id in due]
    return SendReport(sent=results.count(True), failed=results.count(False))


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


def class_grades(classroom_id: int) -> ClassGrades | None:
    """Scores of the class's LMS links, or None when the class has none."""
    in_class = (
        select(LtiScore)
        .join(LtiResourceLink, LtiResourceLink.id == LtiScore.resource_link_row_id)
        .join(Assignment, Assignment.id == LtiResourceLink.assignment_id)
        .where(Assignment.classroom_id == classroom_id)
        .subquery()
    )
    sent, waiting, failing, next_try = db.session.execute(
        select(
            func.count(in_class.c.sent_at),
            func.count().filter(in_class.c.sent_at.is_(None)),
            func.count().filter(and_(in_class.c.sent_at.is_(None), in_class.c.tries > 0)),
            func.min(in_class.c.next_try_at).filter(in_class.c.sent_at.is_(None)),
        )
    ).one()
    if not (sent or waiting):
        return None
    last_error = db.session.scalar(
        select(in_class.c.last_error)
        .where(in_class.c.sent_at.is_(None), in_class.c.last_error.is_not(None))
        .order_by(in_class.c.next_try_at.desc())
        .limit(1)
    )
    return ClassGrades(sent, waiting, failing, last_error, next_try)
