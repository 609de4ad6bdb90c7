"""Per-learner FSRS weights: fitted from each learner's own answers, stored on the user.

Learners forget at different speeds; fsrs's defaults are an average over many Anki
users. Once a learner has answered enough, ``flask scheduler optimize`` (a background
job, seconds per learner) fits weights to their history and the answer path schedules
with them. Everyone else, and every install without the ``optimizer`` extra, keeps the
defaults.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from .extensions import db
from .models import Review, User
from .scheduling import MIN_REVIEWS_TO_FIT, Rating, fit_parameters


@dataclass(frozen=True)
class FitOutcome:
    email: str
    reviews: int
    fitted: bool  # False: too few reviews on later days; the defaults stay


def learners_with_enough_reviews(min_reviews: int, email: str | None = None) -> list[User]:
    """Learners with at least ``min_reviews`` answers and new ones since their last fit."""
    counts = (
        select(Review.user_id, func.count().label("reviews"))
        .group_by(Review.user_id)
        .having(func.count() >= min_reviews)
        .subquery()
    )
    query = (
        select(User)
        .join(counts, counts.c.user_id == User.id)
        .where(
            (User.scheduler_fitted_reviews.is_(None))
            | (User.scheduler_fitted_reviews < counts.c.reviews)
        )
        .order_by(User.id)
    )
    if email:
        query = query.where(User.email == email.casefold())
    return list(db.session.scalars(query))


def fit_learner(user: User, now: datetime) -> FitOutcome:
    """Fit ``user``'s weights from every answer they gave, and save them (one transaction)."""
    history = db.session.execute(
        select(Review.fact_id, Review.rating, Review.reviewed_at)
        .where(Review.user_id == user.id)
        .order_by(Review.reviewed_at, Review.id)
    ).all()
    fitted = fit_parameters((fact, Rating(rating), moment) for fact, rating, moment in history)
    user.scheduler_parameters = list(fitted) if fitted else None
    user.scheduler_fitted_reviews = len(history)
    user.scheduler_fitted_at = now
    db.session.commit()
    return FitOutcome(user.email, len(history), fitted is not None)


def fit_learners(
    now: datetime, min_reviews: int = MIN_REVIEWS_TO_FIT, email: str | None = None
) -> Iterator[FitOutcome]:
    """Fit every learner who has enough new answers, one at a time."""
    for user in learners_with_enough_reviews(min_reviews, email):
        yield fit_learner(user, now)
