"""moderation queue for the staff console: held lines first, the space of each case, and the
indexes that keep paging, filtering, subject histories and the audit log fast on a backlog

Revision ID: moderation_queue
Revises: space_layouts
Create Date: 2026-12-04 12:00:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "moderation_queue"
down_revision: str | None = "space_layouts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNDECIDED = sa.text("status <> 'resolved'")


def upgrade() -> None:
    with op.batch_alter_table("moderation_cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("held", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
        batch_op.add_column(sa.Column("space", sa.String(length=64), nullable=True))
    _backfill()
    with op.batch_alter_table("moderation_cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moderation_cases_undecided",
            [sa.text("held DESC"), sa.text("priority DESC"), "opened_at", "id"],
            unique=False,
            postgresql_where=UNDECIDED,
            sqlite_where=UNDECIDED,
        )
        batch_op.create_index(
            "ix_moderation_cases_undecided_kinds",
            ["category", "space", "status", "held", "involves_minor"],
            unique=False,
            postgresql_where=UNDECIDED,
            sqlite_where=UNDECIDED,
        )
        batch_op.create_index(
            "ix_moderation_cases_subject_id_opened_at", ["subject_id", "opened_at"], unique=False
        )
        batch_op.create_index(
            "ix_moderation_cases_subject_alias_id", ["subject_alias_id"], unique=False
        )
        batch_op.create_index(
            "ix_moderation_cases_assigned_to_id", ["assigned_to_id"], unique=False
        )
    with op.batch_alter_table("moderation_sanctions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moderation_sanctions_user_alias_id", ["user_alias_id"], unique=False
        )
    with op.batch_alter_table("moderation_audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_moderation_audit_log_action_at", ["action", "at"], unique=False)
        batch_op.create_index(
            "ix_moderation_audit_log_actor_id_at", ["actor_id", "at"], unique=False
        )
        batch_op.create_index(
            "ix_moderation_audit_log_subject_id_at", ["subject_id", "at"], unique=False
        )
    with op.batch_alter_table("moderation_appeals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moderation_appeals_status_created_at", ["status", "created_at"], unique=False
        )


def _backfill() -> None:
    """The space of existing cases from their evidence, and `held` for the lines the filter
    holds (a case the filter opened on a message, which only self-harm does)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, evidence FROM moderation_cases")).all()
    for case_id, evidence in rows:
        data = json.loads(evidence) if isinstance(evidence, str) else (evidence or {})
        space = data.get("space") if isinstance(data, dict) else None
        if isinstance(space, str):
            bind.execute(
                sa.text("UPDATE moderation_cases SET space = :space WHERE id = :id"),
                {"space": space[:64], "id": case_id},
            )
    bind.execute(
        sa.text(
            "UPDATE moderation_cases SET held = true "
            "WHERE automatic AND target_type = 'message' AND category = 'self_harm'"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("moderation_appeals", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_appeals_status_created_at")
    with op.batch_alter_table("moderation_audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_audit_log_subject_id_at")
        batch_op.drop_index("ix_moderation_audit_log_actor_id_at")
        batch_op.drop_index("ix_moderation_audit_log_action_at")
    with op.batch_alter_table("moderation_sanctions", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_sanctions_user_alias_id")
    with op.batch_alter_table("moderation_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_cases_assigned_to_id")
        batch_op.drop_index("ix_moderation_cases_subject_alias_id")
        batch_op.drop_index("ix_moderation_cases_subject_id_opened_at")
        batch_op.drop_index("ix_moderation_cases_undecided_kinds")
        batch_op.drop_index("ix_moderation_cases_undecided")
        batch_op.drop_column("space")
        batch_op.drop_column("held")
