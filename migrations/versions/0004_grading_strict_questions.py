"""questions.strict: a teacher can turn the grader's generous readings off per question

Revision ID: 0004_grading
Revises: 0003_merge
Create Date: 2026-11-25 21:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_grading"
down_revision = "0003_merge"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("strict", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_column("strict")
