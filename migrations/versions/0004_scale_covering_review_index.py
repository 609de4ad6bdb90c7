"""the (user, time) index of reviews also carries fact and correctness, so class and
learner figures read only the index

Revision ID: 0004_scale
Revises: 0003_merge
Create Date: 2026-11-25 21:30:00
"""

from alembic import op

revision = "0004_scale"
down_revision = "0004_sim"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_reviews_user_reviewed")
        batch_op.create_index(
            "ix_reviews_user_reviewed_fact_correct",
            ["user_id", "reviewed_at", "fact_id", "correct"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_reviews_user_reviewed_fact_correct")
        batch_op.create_index("ix_reviews_user_reviewed", ["user_id", "reviewed_at"], unique=False)
