"""a bank's facts indexed in story order, so the next new fact is found without sorting
the bank; questions indexed with their active flag, so counting new facts reads no table

Revision ID: 0006_loop
Revises: 0006_tags
Create Date: 2026-11-26 00:30:00
"""

from alembic import op

revision = "0006_loop"
down_revision = "0006_tags"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.drop_index("ix_facts_bank_id")
        batch_op.create_index("ix_facts_bank_position", ["bank_id", "position"], unique=False)
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_fact_id")
        batch_op.create_index("ix_questions_fact_active", ["fact_id", "active"], unique=False)


def downgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_fact_active")
        batch_op.create_index("ix_questions_fact_id", ["fact_id"], unique=False)
    with op.batch_alter_table("facts", schema=None) as batch_op:
        batch_op.drop_index("ix_facts_bank_position")
        batch_op.create_index("ix_facts_bank_id", ["bank_id"], unique=False)
