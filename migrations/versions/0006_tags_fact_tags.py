"""facts keep their tags (Anki-style, a JSON list of words)

Revision ID: 0006_tags
Revises: 0005_images
Create Date: 2026-11-26 00:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_tags"
down_revision = "0005_images"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("facts") as batch:
        batch.add_column(sa.Column("tags", sa.JSON(), server_default="[]", nullable=False))


def downgrade():
    with op.batch_alter_table("facts") as batch:
        batch.drop_column("tags")
