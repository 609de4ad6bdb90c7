"""images of a bank: the media table

Revision ID: 0005_images
Revises: 0004_scale
Create Date: 2026-11-25 22:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_images"
down_revision = "0004_scale"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["banks.id"], name="fk_media_bank_id_banks"),
        sa.PrimaryKeyConstraint("id", name="pk_media"),
        sa.UniqueConstraint("bank_id", "sha256", name="uq_media_bank_sha256"),
    )
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.create_index("ix_media_bank_id", ["bank_id"], unique=False)


def downgrade():
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.drop_index("ix_media_bank_id")
    op.drop_table("media")
