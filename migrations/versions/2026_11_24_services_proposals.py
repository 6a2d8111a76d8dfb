"""services: proposals

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("endorsement_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("under_review_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_decision", sa.String(length=24), nullable=True),
        sa.Column("answer_body", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Uuid(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "endorsement_count >= 0", name=op.f("ck_proposals_endorsement_count_not_negative")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'under_review', 'answered')", name=op.f("ck_proposals_status")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["users.id"],
            name=op.f("fk_proposals_answered_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_proposals_author_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposals_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_proposals_status_created_at", ["status", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_proposals_status_endorsement_count", ["status", "endorsement_count"], unique=False
        )

    op.create_table(
        "proposal_endorsements",
        sa.Column("proposal_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_endorsements_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_proposal_endorsements_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("proposal_id", "user_id", name=op.f("pk_proposal_endorsements")),
    )
    with op.batch_alter_table("proposal_endorsements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_endorsements_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "proposal_greetings",
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("message", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_proposal_greetings_author_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_greetings")),
    )
    with op.batch_alter_table("proposal_greetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_greetings_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            "ix_proposal_greetings_created_at", ["created_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("proposal_greetings", schema=None) as batch_op:
        batch_op.drop_index("ix_proposal_greetings_created_at")
        batch_op.drop_index(batch_op.f("ix_proposal_greetings_author_id"))
    op.drop_table("proposal_greetings")

    with op.batch_alter_table("proposal_endorsements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_endorsements_user_id"))
    op.drop_table("proposal_endorsements")

    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_proposals_status_endorsement_count")
        batch_op.drop_index("ix_proposals_status_created_at")
        batch_op.drop_index(batch_op.f("ix_proposals_author_id"))
    op.drop_table("proposals")
