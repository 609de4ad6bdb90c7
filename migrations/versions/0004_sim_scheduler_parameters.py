"""per-learner scheduler parameters

Revision ID: 0004_sim
Revises: 0003_merge
Create Date: 2026-11-25 20:56:52.132516

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0004_sim"
down_revision = "0004_loop"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheduler_parameters', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('scheduler_fitted_reviews', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('scheduler_fitted_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('scheduler_fitted_at')
        batch_op.drop_column('scheduler_fitted_reviews')
        batch_op.drop_column('scheduler_parameters')

