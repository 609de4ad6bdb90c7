"""the study loop: a fact's form step, and a study assignment's daily new-fact budget

Revision ID: 0004_loop
Revises: 0003_merge
Create Date: 2026-11-25 21:00:00

``memory_states.form_step`` is the hardest form a fact may be asked in next; existing
states start where the old stability-only ladder had them (cloze from 2 days of
stability, free recall from 7). ``assignments.daily_new_limit`` is the new facts per
day a study assignment lets its students meet (default 10).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_loop"
down_revision = "0004_sec_web"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("memory_states", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("form_step", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("daily_new_limit", sa.Integer(), server_default="10", nullable=False)
        )
    op.execute(
        "UPDATE memory_states SET form_step = CASE WHEN stability >= 7 THEN 2 "
        "WHEN stability >= 2 THEN 1 ELSE 0 END"
    )


def downgrade():
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_column("daily_new_limit")
    with op.batch_alter_table("memory_states", schema=None) as batch_op:
        batch_op.drop_column("form_step")
