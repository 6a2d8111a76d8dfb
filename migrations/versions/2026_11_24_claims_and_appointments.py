"""claims, private rooms and the services offered in spaces

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_claims",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("verified_by_id", sa.Uuid(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_claims_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["users.id"],
            name=op.f("fk_user_claims_verified_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_user_claims")),
    )
    op.create_table(
        "space_private_rooms",
        sa.Column("space_id", sa.Uuid(), nullable=False),
        sa.Column("instance", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "starts_at < ends_at", name=op.f("ck_space_private_rooms_window_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["space_id"],
            ["spaces.id"],
            name=op.f("fk_space_private_rooms_space_id_spaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_space_private_rooms")),
        sa.UniqueConstraint(
            "space_id", "instance", name=op.f("uq_space_private_rooms_space_id_instance")
        ),
    )
    op.create_table(
        "space_private_room_members",
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("alias", sa.String(length=40), nullable=True),
        sa.Column("alias_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["space_private_rooms.id"],
            name=op.f("fk_space_private_room_members_room_id_space_private_rooms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_space_private_room_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("room_id", "user_id", name=op.f("pk_space_private_room_members")),
    )
    with op.batch_alter_table("space_private_room_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_space_private_room_members_user_id"), ["user_id"], unique=False
        )
    with op.batch_alter_table("spaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("services", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("spaces", schema=None) as batch_op:
        batch_op.drop_column("services")
    with op.batch_alter_table("space_private_room_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_space_private_room_members_user_id"))
    op.drop_table("space_private_room_members")
    op.drop_table("space_private_rooms")
    op.drop_table("user_claims")
