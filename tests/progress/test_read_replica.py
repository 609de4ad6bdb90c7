"""``DATABASE_READ_URL``: dashboards and exports read from a real streaming replica.

The replica's replay is paused, then a student answers on the primary: the class page
and the CSV export still show the replica's older figures, which proves they read there,
while the primary has the new answer. After replay resumes, the pages catch up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from quizapp import create_app
from quizapp.extensions import db
from quizapp.models import Review
from quizapp.progress.classroom import roster
from quizapp.timeutil import now_utc
from tests.support import factories
from tests.support.clients import AuthActions, CSRFClient
from tests.support.databases import TEST_SETTINGS, running
from tests.support.paths import CONTENT
from tests.support.replica import ReplicaUnavailable, streaming_replica, wait_until


@pytest.fixture
def replica_url(database_url: str, is_postgres: bool) -> Iterator[str]:
    if not is_postgres:
        pytest.skip("a read replica needs PostgreSQL (run with TEST_DATABASE_URL)")
    try:
        with streaming_replica(database_url) as url:
            yield url
    except ReplicaUnavailable as reason:
        pytest.skip(f"no replica on this machine: {reason}")


@pytest.fixture
def replicated_app(database_url: str, replica_url: str) -> Iterator[Any]:
    app = create_app(
        {
            **TEST_SETTINGS,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_BINDS": {"read": replica_url},
            "CONTENT_DIR": str(CONTENT),
        }
    )
    app.test_client_class = CSRFClient
    with running(app):
        yield app


def answers_on_replica(replica: Any) -> int:
    with replica.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Review)) or 0


def reviews_7_days_shown(client: Any, class_id: int) -> str:
    html = client.get(f"/progress/class/{class_id}").get_data(as_text=True)
    match = re.search(r'data-label="Reviews, 7 days">(\d+)</td>', html)
    assert match, "the roster shows the student's reviews"
    return match.group(1)


def test_dashboards_and_exports_read_from_the_replica(replicated_app, replica_url):
    teacher = factories.make_user(role="teacher", email="teacher@example.org")
    student = factories.make_user(name="Ann")
    bank = factories.make_bank()
    question = factories.make_question(factories.make_fact(bank))
    classroom = factories.make_classroom(teacher, "Year 9", students=[student], banks=[bank])
    factories.make_review(student, question, reviewed_at=now_utc())
    replica = create_engine(replica_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        wait_until(lambda: answers_on_replica(replica) == 1)
        client = replicated_app.test_client()
        AuthActions(client).login(teacher.email)
        assert reviews_7_days_shown(client, classroom.id) == "1"

        with replica.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_pause()"))
        factories.make_review(student, question, reviewed_at=now_utc())
        db.session.rollback()
        assert roster(classroom, now_utc())[0].reviews_7_days == 2  # the primary has both
        assert reviews_7_days_shown(client, classroom.id) == "1"  # the page read the replica
        export = client.get(f"/progress/class/{classroom.id}/export/answers.csv").data
        assert export.count(b"\r\n") == 1 + 1  # header and the one replicated answer

        with replica.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_resume()"))
        wait_until(lambda: answers_on_replica(replica) == 2)
        assert reviews_7_days_shown(client, classroom.id) == "2"
    finally:
        with replica.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_resume()"))
        replica.dispose()


def test_without_a_replica_everything_reads_the_primary(app, teacher_client, teacher):
    student = factories.make_user(name="Ann")
    bank = factories.make_bank()
    question = factories.make_question(factories.make_fact(bank))
    classroom = factories.make_classroom(teacher, "Year 9", students=[student], banks=[bank])
    factories.make_review(student, question, reviewed_at=now_utc())
    assert "read" not in db.engines
    assert reviews_7_days_shown(teacher_client, classroom.id) == "1"
