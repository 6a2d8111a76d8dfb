"""claim audit trail; the case a staff read of personal data was for

Revision ID: claim_audit_casework
Revises: anonymity
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "claim_audit_casework"
down_revision: str | None = "anonymity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_changes",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=True),
        sa.Column("changed_by_id", sa.Uuid(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("action IN ('set', 'withdraw')", name=op.f("ck_claim_changes_action")),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_claim_changes_changed_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_claim_changes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_changes")),
    )
    with op.batch_alter_table("claim_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_changes_changed_at"), ["changed_at"], unique=False
        )
        batch_op.create_index(
            "ix_claim_changes_user_id_changed_at", ["user_id", "changed_at"], unique=False
        )

    with op.batch_alter_table("privacy_access_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_type", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("case_id", sa.Uuid(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_privacy_access_log_case_id"), ["case_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("privacy_access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_privacy_access_log_case_id"))
        batch_op.drop_column("case_id")
        batch_op.drop_column("case_type")
    with op.batch_alter_table("claim_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_changes_user_id_changed_at")
        batch_op.drop_index(batch_op.f("ix_claim_changes_changed_at"))
    op.drop_table("claim_changes")
