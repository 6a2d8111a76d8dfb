"""services: business

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "business_booths",
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("tagline", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("banner_type", sa.String(length=16), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_business_booths_owner_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_booths")),
        sa.UniqueConstraint("owner_id", name=op.f("uq_business_booths_owner_id")),
    )
    with op.batch_alter_table("business_booths", schema=None) as batch_op:
        batch_op.create_index("ix_business_booths_name_id", ["name", "id"], unique=False)

    op.create_table(
        "business_experts",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_business_experts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_business_experts")),
    )
    with op.batch_alter_table("business_experts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_business_experts_field"), ["field"], unique=False)

    op.create_table(
        "business_slots",
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_business_slots_window_ordered")),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["users.id"],
            name=op.f("fk_business_slots_expert_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_slots")),
    )
    with op.batch_alter_table("business_slots", schema=None) as batch_op:
        batch_op.create_index(
            "ix_business_slots_expert_id_starts_at", ["expert_id", "starts_at"], unique=False
        )

    op.create_table(
        "business_consultations",
        sa.Column("slot_id", sa.Uuid(), nullable=False),
        sa.Column("expert_id", sa.Uuid(), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
        sa.Column("room_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"],
            ["users.id"],
            name=op.f("fk_business_consultations_cancelled_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["users.id"],
            name=op.f("fk_business_consultations_citizen_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["chat_conversations.id"],
            name=op.f("fk_business_consultations_conversation_id_chat_conversations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["users.id"],
            name=op.f("fk_business_consultations_expert_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["space_private_rooms.id"],
            name=op.f("fk_business_consultations_room_id_space_private_rooms"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["business_slots.id"],
            name=op.f("fk_business_consultations_slot_id_business_slots"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_consultations")),
    )
    with op.batch_alter_table("business_consultations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_business_consultations_citizen_id_starts_at",
            ["citizen_id", "starts_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_business_consultations_expert_id_starts_at",
            ["expert_id", "starts_at"],
            unique=False,
        )
        batch_op.create_index(
            "uq_business_consultations_booked_slot",
            ["slot_id"],
            unique=True,
            postgresql_where=sa.text("status = 'booked'"),
            sqlite_where=sa.text("status = 'booked'"),
        )

    op.create_table(
        "business_inquiries",
        sa.Column("booth_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reply", sa.Text(), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_business_inquiries_author_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["booth_id"],
            ["business_booths.id"],
            name=op.f("fk_business_inquiries_booth_id_business_booths"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_inquiries")),
    )
    with op.batch_alter_table("business_inquiries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_business_inquiries_author_id_created_at", ["author_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_business_inquiries_booth_id_created_at", ["booth_id", "created_at"], unique=False
        )


def downgrade() -> None:
    op.drop_table("business_consultations")
    op.drop_table("business_slots")
    op.drop_table("business_inquiries")
    op.drop_table("business_experts")
    op.drop_table("business_booths")
