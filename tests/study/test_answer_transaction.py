"""A study answer and the next card its page carries are stored together where the
database allows it (PostgreSQL: one COMMIT for both), and the answer never depends on
the card: should issuing the card fail, the answer is recorded all the same and its
feedback shown, carrying no card, and Continue then serves one."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import event, func, select

from quizapp.extensions import db
from quizapp.models import IssuedItem, MemoryState, Review
from quizapp.study import answers
from tests.support.study_fixtures import answered_part, carried_card, make_study_bank

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def first_token(client) -> str:
    return TOKEN.search(client.get("/study/").get_data(as_text=True)).group(1)


def stored(model, **where) -> int:
    column = model.__table__.c
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(column[name] == value)
    count = db.session.scalar(query)
    db.session.rollback()
    return count or 0


def test_on_postgresql_one_commit_stores_the_answer_and_the_next_card(app, student_client):
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite commits the answer first: its write lock would hold the reads")
    make_study_bank(facts=3, kinds=("typed",))
    token = first_token(student_client)
    commits: list[object] = []

    def committed(connection) -> None:
        commits.append(connection)

    event.listen(db.engine, "commit", committed)
    try:
        response = student_client.post("/study/answer", data={"token": token, "response": "x"})
    finally:
        event.remove(db.engine, "commit", committed)
    assert response.status_code == 200
    assert carried_card(response.get_data(as_text=True)) is not None
    assert len(commits) == 1
    assert stored(Review, client_token=token) == 1
    assert stored(IssuedItem) == 2  # the answered item and the carried one


def test_a_next_card_that_fails_keeps_the_answer_and_shows_its_feedback(
    app, student_client, monkeypatch, caplog
):
    make_study_bank(facts=3, kinds=("typed",))
    token = first_token(student_client)

    def broken_card(*_args, **_kwargs):
        # Reads first, as the real one does, then fails.
        db.session.execute(select(func.count()).select_from(IssuedItem))
        raise RuntimeError("the card's statement failed")

    monkeypatch.setattr(answers, "study_card", broken_card)
    with caplog.at_level(logging.ERROR, logger="quizapp.events"):
        response = student_client.post(
            "/study/answer", data={"token": token, "response": "not the answer"}
        )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="verdict' in answered_part(page)
    assert carried_card(page) is None
    assert stored(Review, client_token=token) == 1
    assert stored(MemoryState) == 1
    assert any("study.next_card_failed" in record.getMessage() for record in caplog.records)

    monkeypatch.undo()
    next_token = first_token(student_client)  # Continue: the session issues the next card
    assert next_token != token
    resent = student_client.post("/study/answer", data={"token": token, "response": "again"})
    assert resent.status_code == 200  # the first answer's feedback again, not a second answer
    assert stored(Review, client_token=token) == 1
