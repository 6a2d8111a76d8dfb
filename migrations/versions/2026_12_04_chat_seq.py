"""chat order by a sequence taken in commit order, per space instance and conversation

Revision ID: chat_seq
Revises: claim_audit_casework
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "chat_seq"
down_revision: str | None = "claim_audit_casework"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Existing messages are numbered in their old order (created_at, id), per timeline.
NUMBER_MESSAGES = """
UPDATE chat_messages SET seq = numbered.n
FROM (
    SELECT id, row_number() OVER (
        PARTITION BY space_id, instance, conversation_id ORDER BY created_at, id
    ) AS n
    FROM chat_messages
) AS numbered
WHERE chat_messages.id = numbered.id
"""
START_INSTANCE_COUNTERS = """
INSERT INTO chat_instance_timelines (space_id, instance, last_seq)
SELECT space_id, instance, max(seq) FROM chat_messages
WHERE space_id IS NOT NULL GROUP BY space_id, instance
"""
START_CONVERSATION_COUNTERS = """
UPDATE chat_conversations SET last_seq = coalesce(
    (SELECT max(seq) FROM chat_messages WHERE conversation_id = chat_conversations.id), 0
)
"""


def upgrade() -> None:
    op.create_table(
        "chat_instance_timelines",
        sa.Column("space_id", sa.Uuid(), nullable=False),
        sa.Column("instance", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["space_id"],
            ["spaces.id"],
            name=op.f("fk_chat_instance_timelines_space_id_spaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("space_id", "instance", name=op.f("pk_chat_instance_timelines")),
    )
    with op.batch_alter_table("chat_conversations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_seq", sa.BigInteger(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
    op.execute(NUMBER_MESSAGES)
    op.execute(START_INSTANCE_COUNTERS)
    op.execute(START_CONVERSATION_COUNTERS)
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_index(batch_op.f("ix_chat_messages_space_timeline"))
        batch_op.drop_index(batch_op.f("ix_chat_messages_conversation_timeline"))
        batch_op.create_unique_constraint(
            batch_op.f("uq_chat_messages_space_id_instance_seq"), ["space_id", "instance", "seq"]
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_chat_messages_conversation_id_seq"), ["conversation_id", "seq"]
        )


def downgrade() -> None:
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_chat_messages_conversation_id_seq"), type_="unique")
        batch_op.drop_constraint(
            batch_op.f("uq_chat_messages_space_id_instance_seq"), type_="unique"
        )
        batch_op.create_index(
            batch_op.f("ix_chat_messages_conversation_timeline"),
            ["conversation_id", "created_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_chat_messages_space_timeline"),
            ["space_id", "instance", "created_at", "id"],
            unique=False,
        )
        batch_op.drop_column("seq")
    with op.batch_alter_table("chat_conversations", schema=None) as batch_op:
        batch_op.drop_column("last_seq")
    op.drop_table("chat_instance_timelines")
