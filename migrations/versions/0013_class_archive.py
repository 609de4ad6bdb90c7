"""A teacher archives a class at the end of a term: when (UTC), or null while it is
current; an archived class keeps its students, assignments and history, read-only

Revision ID: 0013_class_archive
Revises: 0012_shared_study_links
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_class_archive"
down_revision = "0012_shared_study_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("classrooms", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    # Archived classes become current again: nothing else remembers the archiving.
    with op.batch_alter_table("classrooms", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
