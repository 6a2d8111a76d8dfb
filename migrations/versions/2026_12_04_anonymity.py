"""alias blocks, sealed moderation evidence and its two-person reveal

Revision ID: anonymity
Revises: 0010
Create Date: 2026-12-04 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "anonymity"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_alias_blocks",
        sa.Column("blocker_id", sa.Uuid(), nullable=False),
        sa.Column("alias_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["blocker_id"],
            ["users.id"],
            name=op.f("fk_chat_alias_blocks_blocker_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("blocker_id", "alias_id", name=op.f("pk_chat_alias_blocks")),
    )
    with op.batch_alter_table("chat_alias_blocks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chat_alias_blocks_alias_id"), ["alias_id"], unique=False
        )

    op.create_table(
        "moderation_reveal_requests",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("requested_by_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["moderation_cases.id"],
            name=op.f("fk_moderation_reveal_requests_case_id_moderation_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_reveal_requests_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_reveal_requests_requested_by_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_reveal_requests")),
    )
    with op.batch_alter_table("moderation_reveal_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moderation_reveal_requests_status_created_at",
            ["status", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "uq_moderation_reveal_requests_pending_case",
            ["case_id"],
            unique=True,
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        )

    with op.batch_alter_table("moderation_cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed_evidence", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("subject_alias_id", sa.Uuid(), nullable=True))

    with op.batch_alter_table("moderation_sanctions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_alias_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("moderation_sanctions", schema=None) as batch_op:
        batch_op.drop_column("user_alias_id")

    with op.batch_alter_table("moderation_cases", schema=None) as batch_op:
        batch_op.drop_column("subject_alias_id")
        batch_op.drop_column("sealed_evidence")

    with op.batch_alter_table("moderation_reveal_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_moderation_reveal_requests_pending_case",
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index("ix_moderation_reveal_requests_status_created_at")

    op.drop_table("moderation_reveal_requests")
    with op.batch_alter_table("chat_alias_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_alias_blocks_alias_id"))

    op.drop_table("chat_alias_blocks")
