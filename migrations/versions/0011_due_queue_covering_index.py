"""The due queue's index also carries what it reads of each due state (its fact, stability
and last review), so counting and ranking a learner's due facts never reads the table

Revision ID: 0011_due_covering
Revises: 0010_waiting_items
Create Date: 2026-11-27
"""

from alembic import op

revision = "0011_due_covering"
down_revision = "0010_waiting_items"
branch_labels = None
depends_on = None

NAME = "ix_memory_states_user_due"


def upgrade() -> None:
    op.drop_index(NAME, table_name="memory_states")
    op.create_index(
        NAME, "memory_states", ["user_id", "due", "fact_id", "stability", "last_review"]
    )


def downgrade() -> None:
    op.drop_index(NAME, table_name="memory_states")
    op.create_index(NAME, "memory_states", ["user_id", "due"])
