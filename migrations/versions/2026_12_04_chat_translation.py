"""chat translation: the language of each message, stored translations, the user's setting

Revision ID: chat_translation
Revises: moderation_queue
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "chat_translation"
down_revision: str | None = "moderation_queue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lang", sa.String(length=8), server_default="und", nullable=False)
        )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("translate_chat", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.create_table(
        "chat_message_translations",
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("source_lang", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["chat_messages.id"],
            name=op.f("fk_chat_message_translations_message_id_chat_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("message_id", "lang", name=op.f("pk_chat_message_translations")),
    )


def downgrade() -> None:
    op.drop_table("chat_message_translations")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("translate_chat")
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_column("lang")
