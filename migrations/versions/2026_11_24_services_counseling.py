"""services: counseling

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "counseling_audit_log",
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counseling_audit_log")),
    )
    with op.batch_alter_table("counseling_audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_counseling_audit_log_at_id", ["at", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_counseling_audit_log_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "counseling_counselors",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_counseling_counselors_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_counseling_counselors")),
    )
    op.create_table(
        "counseling_slots",
        sa.Column("counselor_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_counseling_slots_window_ordered")),
        sa.ForeignKeyConstraint(
            ["counselor_id"],
            ["counseling_counselors.user_id"],
            name=op.f("fk_counseling_slots_counselor_id_counseling_counselors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counseling_slots")),
    )
    with op.batch_alter_table("counseling_slots", schema=None) as batch_op:
        batch_op.create_index(
            "ix_counseling_slots_counselor_id_starts_at",
            ["counselor_id", "starts_at"],
            unique=False,
        )
        batch_op.create_index("ix_counseling_slots_starts_at_id", ["starts_at", "id"], unique=False)

    op.create_table(
        "counseling_cases",
        sa.Column("slot_id", sa.Uuid(), nullable=False),
        sa.Column("youth_id", sa.Uuid(), nullable=False),
        sa.Column("counselor_id", sa.Uuid(), nullable=False),
        sa.Column("pseudonym", sa.String(length=32), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("age_band", sa.String(length=8), nullable=False),
        sa.Column("topic", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("room_id", sa.Uuid(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.String(length=16), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["counselor_id"],
            ["users.id"],
            name=op.f("fk_counseling_cases_counselor_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["space_private_rooms.id"],
            name=op.f("fk_counseling_cases_room_id_space_private_rooms"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["counseling_slots.id"],
            name=op.f("fk_counseling_cases_slot_id_counseling_slots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["youth_id"],
            ["users.id"],
            name=op.f("fk_counseling_cases_youth_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counseling_cases")),
        sa.UniqueConstraint("pseudonym", name=op.f("uq_counseling_cases_pseudonym")),
    )
    with op.batch_alter_table("counseling_cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_counseling_cases_counselor_id_starts_at",
            ["counselor_id", "starts_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_counseling_cases_youth_id_starts_at", ["youth_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            "uq_counseling_cases_live_slot",
            ["slot_id"],
            unique=True,
            postgresql_where=sa.text("status <> 'cancelled'"),
            sqlite_where=sa.text("status <> 'cancelled'"),
        )

    op.create_table(
        "counseling_notes",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("body_sealed", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_counseling_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["counseling_cases.id"],
            name=op.f("fk_counseling_notes_case_id_counseling_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counseling_notes")),
    )
    with op.batch_alter_table("counseling_notes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_counseling_notes_case_id_created_at", ["case_id", "created_at"], unique=False
        )

    op.create_table(
        "counseling_reveal_requests",
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
            ["counseling_cases.id"],
            name=op.f("fk_counseling_reveal_requests_case_id_counseling_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_counseling_reveal_requests_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_counseling_reveal_requests_requested_by_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counseling_reveal_requests")),
    )
    with op.batch_alter_table("counseling_reveal_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_counseling_reveal_requests_status_created_at",
            ["status", "created_at"],
            unique=False,
        )
        batch_op.create_index(
            "uq_counseling_reveal_requests_pending_case",
            ["case_id"],
            unique=True,
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("counseling_reveal_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_counseling_reveal_requests_pending_case",
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        )
        batch_op.drop_index("ix_counseling_reveal_requests_status_created_at")

    op.drop_table("counseling_reveal_requests")
    with op.batch_alter_table("counseling_notes", schema=None) as batch_op:
        batch_op.drop_index("ix_counseling_notes_case_id_created_at")

    op.drop_table("counseling_notes")
    with op.batch_alter_table("counseling_cases", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_counseling_cases_live_slot",
            postgresql_where=sa.text("status <> 'cancelled'"),
            sqlite_where=sa.text("status <> 'cancelled'"),
        )
        batch_op.drop_index("ix_counseling_cases_youth_id_starts_at")
        batch_op.drop_index("ix_counseling_cases_counselor_id_starts_at")

    op.drop_table("counseling_cases")
    with op.batch_alter_table("counseling_slots", schema=None) as batch_op:
        batch_op.drop_index("ix_counseling_slots_starts_at_id")
        batch_op.drop_index("ix_counseling_slots_counselor_id_starts_at")

    op.drop_table("counseling_slots")
    op.drop_table("counseling_counselors")
    with op.batch_alter_table("counseling_audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counseling_audit_log_case_id"))
        batch_op.drop_index("ix_counseling_audit_log_at_id")

    op.drop_table("counseling_audit_log")
