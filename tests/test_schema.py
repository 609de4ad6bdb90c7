"""The migrations are the schema's only source: they must match the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from quizapp.extensions import db


def test_models_and_migrations_are_in_step(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], (
        f"models differ from migrations; run `flask db migrate`: {differences}"
    )


def test_the_due_queue_and_history_queries_have_indexes(app):
    inspector = inspect(db.engine)

    def indexed_columns(table: str) -> list[list[str]]:
        return [index["column_names"] for index in inspector.get_indexes(table)]

    # the due queue counts and ranks a learner's due states from the index alone
    assert ["user_id", "due", "fact_id", "stability", "last_review"] in indexed_columns(
        "memory_states"
    )
    # history reads by (user, time); fact and correctness ride along (index-only scans)
    assert ["user_id", "reviewed_at", "fact_id", "correct"] in indexed_columns("reviews")
    assert ["question_id"] in indexed_columns("reviews")
