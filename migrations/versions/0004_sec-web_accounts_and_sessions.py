"""sec-web: session generation on users

Revision ID: 0004_sec_web
Revises: 0003_merge
Create Date: 2026-11-25 20:51:22.416384

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_sec_web"  # Alembic refuses "-" in revision ids
down_revision = "0003_merge"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_generation")
