"""services: events

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("title_ko", sa.String(length=120), nullable=False),
        sa.Column("title_en", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("space_slug", sa.String(length=64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_events_capacity_positive")),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_events_ends_after_start")),
        sa.CheckConstraint("status IN ('scheduled', 'cancelled')", name=op.f("ck_events_status")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_events_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["space_slug"],
            ["spaces.slug"],
            name=op.f("fk_events_space_slug_spaces"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_events_space_slug_ends_at", ["space_slug", "ends_at"], unique=False
        )
        batch_op.create_index("ix_events_starts_at", ["starts_at", "id"], unique=False)

    op.create_table(
        "event_rsvps",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("promoted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "status IN ('confirmed', 'waitlisted')", name=op.f("ck_event_rsvps_status")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_rsvps_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_event_rsvps_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_rsvps")),
        sa.UniqueConstraint("event_id", "user_id", name=op.f("uq_event_rsvps_event_id_user_id")),
    )
    with op.batch_alter_table("event_rsvps", schema=None) as batch_op:
        batch_op.create_index(
            "ix_event_rsvps_event_id_status_created_at",
            ["event_id", "status", "created_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_event_rsvps_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_rsvps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_rsvps_user_id"))
        batch_op.drop_index("ix_event_rsvps_event_id_status_created_at")
    op.drop_table("event_rsvps")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_starts_at")
        batch_op.drop_index("ix_events_space_slug_ends_at")
    op.drop_table("events")
