"""The items still waiting for an answer, indexed apart: the study page finds its card
among them rather than walking every item of the learner's history

Revision ID: 0010_waiting_items
Revises: 0009_carried_day
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_waiting_items"
down_revision = "0009_carried_day"
branch_labels = None
depends_on = None

WAITING = sa.text("used_at IS NULL")


def upgrade() -> None:
    op.create_index(
        "ix_issued_items_user_waiting",
        "issued_items",
        ["user_id", "issued_at"],
        sqlite_where=WAITING,
        postgresql_where=WAITING,
    )


def downgrade() -> None:
    op.drop_index("ix_issued_items_user_waiting", table_name="issued_items")
