"""join the study and teacher workspace branches

Revision ID: 0003_merge
Revises: 0002_study, 0002_teach
Create Date: 2026-11-25 11:17:04.089254

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_merge'
down_revision = ('0002_study', '0002_teach')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
