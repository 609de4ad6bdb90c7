"""``profile_loop --statements`` charges PostgreSQL's CPU to the statement that used it."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from quizapp.extensions import db

from .statement_cpu import BETWEEN, backend_cpu_by_statement, statement_name


def test_each_statement_is_named_by_its_verb_and_table():
    assert statement_name("UPDATE issued_items SET used_at = 1") == "UPDATE issued_items"
    assert statement_name("INSERT INTO reviews (id) VALUES (1)") == "INSERT reviews"
    assert statement_name("DELETE FROM reviews WHERE id = 1") == "DELETE reviews"
    assert statement_name("SELECT users.id, users.email FROM users") == "SELECT users.id"


def test_a_busy_statement_is_charged_its_own_cpu(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("reads a PostgreSQL backend's CPU")
    busy = "SELECT count(*) FROM generate_series(1, 4000000)"
    with backend_cpu_by_statement(db.engine) as totals:
        db.session.execute(text(busy)).scalar()
        db.session.commit()
    assert totals["SELECT count(*)"] >= 0.05  # a few hundred ms of the backend's work
    assert totals["SELECT count(*)"] > totals[BETWEEN]
