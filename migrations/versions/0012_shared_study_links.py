"""Several LMS links may open one study assignment: a bank placed in a course twice for
study is one assignment of the class, as the class page's own form keeps it

Revision ID: 0012_shared_study_links
Revises: 0011_due_covering
Create Date: 2026-11-28
"""

from alembic import op

revision = "0012_shared_study_links"
down_revision = "0011_due_covering"
branch_labels = None
depends_on = None

UNIQUE = "uq_lti_resource_links_assignment_id"
INDEX = "ix_lti_resource_links_assignment_id"


def upgrade() -> None:
    with op.batch_alter_table("lti_resource_links") as batch_op:
        batch_op.drop_constraint(UNIQUE, type_="unique")
        batch_op.create_index(INDEX, ["assignment_id"])


def downgrade() -> None:
    # Fails, and changes nothing, while two links share an assignment: which link to
    # forget is the teacher's choice, not the migration's.
    with op.batch_alter_table("lti_resource_links") as batch_op:
        batch_op.drop_index(INDEX)
        batch_op.create_unique_constraint(UNIQUE, ["assignment_id"])
