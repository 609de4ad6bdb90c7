"""Co-teachers of a class: a second LMS instructor of the same course teaches its class

Revision ID: 0008_coteach
Revises: 0007_lti
Create Date: 2026-11-26 02:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008_coteach"
down_revision = "0007_lti"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "classroom_teachers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classrooms.id"],
            name=op.f("fk_classroom_teachers_classroom_id_classrooms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["users.id"],
            name=op.f("fk_classroom_teachers_teacher_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_classroom_teachers")),
        sa.UniqueConstraint(
            "classroom_id", "teacher_id", name=op.f("uq_classroom_teachers_classroom_id")
        ),
    )
    with op.batch_alter_table("classroom_teachers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_classroom_teachers_teacher_id"), ["teacher_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("classroom_teachers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_classroom_teachers_teacher_id"))
    op.drop_table("classroom_teachers")
