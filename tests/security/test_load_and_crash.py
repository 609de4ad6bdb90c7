"""Load and crash test against real gunicorn servers on the real database.

30 logged-in learners loop "get an item, answer it" through the servers in turn,
double-posting and retrying; a worker is SIGKILLed mid-run. Afterwards every answer a
learner saw acknowledged is stored exactly once, no token has two reviews, every
memory state agrees with its reviews, no request got a 5xx and no server logged
"database is locked". PostgreSQL: 2 servers x 2 workers; SQLite: 1 server x 4 workers.

Run alone with ``pytest -m load -s`` (it prints its figures).
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from sqlalchemy import func, select, update

from quizapp.extensions import db
from quizapp.models import IssuedItem, MemoryState, Review, User
from tests.support.factories import make_user
from tests.support.load_client import Learner, Tally
from tests.support.servers import gunicorns
from tests.support.study_fixtures import make_study_bank

pytestmark = pytest.mark.load

LEARNERS = 30  # concurrent learners: more than the servers' workers, so requests queue
ANSWERS_EACH = 20
RUN_SECONDS = 60


def _learners(count: int) -> list[str]:
    emails = [f"learner{number}@example.org" for number in range(count)]
    for email in emails:
        make_user(email=email)
    db.session.execute(update(User).values(daily_new_limit=100))
    db.session.commit()
    return emails


def _run(learners: list[Learner], deadline: float) -> None:
    threads = [
        threading.Thread(target=learner.study, args=(ANSWERS_EACH, deadline))
        for learner in learners
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _kill_a_worker_mid_run(servers, tally: Tally, killed: list[int]) -> threading.Thread:
    """SIGKILL one worker a third of the way through the run: after a third of the answers
    on a fast machine, after a third of the time on a slow or busy one."""

    def kill() -> None:
        third_of_the_time = time.monotonic() + RUN_SECONDS / 3
        while len(tally.acknowledged) < LEARNERS * ANSWERS_EACH // 3:
            if time.monotonic() > third_of_the_time:
                break
            time.sleep(0.05)
        workers = servers[0].worker_pids()
        if workers:
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    thread = threading.Thread(target=kill)
    thread.start()
    return thread


def test_many_learners_double_posting_and_a_killed_worker_lose_and_duplicate_nothing(
    app, database_url, is_postgres, tmp_path
):
    make_study_bank(facts=30, kinds=("multiple_choice", "true_false"))
    emails = _learners(LEARNERS)
    db.session.remove()  # hold no lock while the servers write
    count, workers = (2, 2) if is_postgres else (1, 4)
    tally, killed = Tally(), []
    with gunicorns(database_url, tmp_path, count, workers, RATELIMIT_ENABLED="false") as servers:
        urls = [server.url for server in servers]
        learners = [Learner(n, email, urls, tally) for n, email in enumerate(emails)]
        try:
            for learner in learners:
                learner.log_in("correct horse")
            started = time.monotonic()
            killer = _kill_a_worker_mid_run(servers, tally, killed)
            _run(learners, started + RUN_SECONDS)
            killer.join()
            elapsed = time.monotonic() - started
        finally:
            for learner in learners:
                learner.close()
        logs = "\n".join(server.log_text() for server in servers)

    reviews = db.session.execute(select(Review.client_token, Review.user_id)).all()
    by_token: dict[str, list[int]] = {}
    for token, user_id in reviews:
        by_token.setdefault(token, []).append(user_id)
    user_ids = {
        email: db.session.scalar(select(User.id).where(User.email == email)) for email in emails
    }
    print(
        f"\n{len(tally.acknowledged)} answers acknowledged, {len(reviews)} reviews stored in "
        f"{elapsed:.0f} s by {LEARNERS} learners on {count} server(s) x {workers} workers "
        f"({'PostgreSQL' if is_postgres else 'SQLite'}); {tally.double_posts} double posts, "
        f"{tally.retries} retries, {tally.transport_errors} dropped connections, "
        f"worker killed: {killed}; statuses {dict(tally.statuses)}"
    )

    assert killed, "a worker was SIGKILLed mid-run"
    assert not tally.server_errors, tally.server_errors[:5]
    assert "database is locked" not in logs
    assert "Exception on" not in logs  # Flask's log line for an unhandled exception
    assert len(tally.acknowledged) >= LEARNERS * 3, "the run answered too little to prove much"
    for token, number in tally.acknowledged.items():
        assert by_token.get(token) == [user_ids[emails[number]]], f"answer {token} not stored once"
    assert all(len(owners) == 1 for owners in by_token.values())
    used = db.session.scalar(select(func.count()).where(IssuedItem.used_at.is_not(None)))
    assert used == len(reviews)
    _assert_memory_states_agree_with_reviews()


def _assert_memory_states_agree_with_reviews() -> None:
    counted = {
        (user_id, fact_id): (reviews, last)
        for user_id, fact_id, reviews, last in db.session.execute(
            select(
                Review.user_id, Review.fact_id, func.count(Review.id), func.max(Review.reviewed_at)
            ).group_by(Review.user_id, Review.fact_id)
        )
    }
    states = {
        (state.user_id, state.fact_id): state for state in db.session.scalars(select(MemoryState))
    }
    assert set(states) == set(counted)
    for key, (reviews, last) in counted.items():
        assert states[key].reps == reviews, key
        assert _same_instant(states[key].last_review, last), key


def _same_instant(first, second) -> bool:
    return first.replace(tzinfo=None) == second.replace(tzinfo=None)
