"""sec-web: session generation, teacher invites, anonymous quiz attempts

Revision ID: 0004_sec_web
Revises: 0003_merge
Create Date: 2026-11-25 20:51:22.416384

Only new columns and tables: no existing table is rebuilt, so SQLite (with foreign keys
on) upgrades a database full of reviews and attempts as safely as PostgreSQL.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_sec_web"  # Alembic refuses "-" in revision ids
down_revision = "0004_files"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False)
        )

    op.create_table(
        "teacher_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_teacher_invites_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["used_by_id"], ["users.id"], name=op.f("fk_teacher_invites_used_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher_invites")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_teacher_invites_code_hash")),
    )
    with op.batch_alter_table("teacher_invites", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teacher_invites_created_by_id"), ["created_by_id"], unique=False
        )

    op.create_table(
        "anonymous_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("marks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["banks.id"], name=op.f("fk_anonymous_attempts_bank_id_banks")
        ),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classrooms.id"],
            name=op.f("fk_anonymous_attempts_classroom_id_classrooms"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anonymous_attempts")),
    )
    with op.batch_alter_table("anonymous_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_anonymous_attempts_classroom_id"), ["classroom_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("anonymous_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_anonymous_attempts_classroom_id"))
    op.drop_table("anonymous_attempts")

    with op.batch_alter_table("teacher_invites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teacher_invites_created_by_id"))
    op.drop_table("teacher_invites")

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_generation")
