"""A time zone change carries the learner's study day over (no fresh new-fact budget);
when the password was last changed (a change form sent twice keeps the browser logged in)

Revision ID: 0009_carried_day
Revises: 0008_coteach
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_carried_day"
down_revision = "0008_coteach"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("carried_day_start", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("carried_day_end", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("password_changed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("carried_day_end")
        batch_op.drop_column("carried_day_start")
