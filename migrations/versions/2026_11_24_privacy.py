"""privacy: profiles, consents, the document vault, verifiers, access log, erasures

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_fk(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["users.id"], name=op.f(f"fk_{table}_{column}_users"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "privacy_profiles",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("legal_name_enc", sa.Text(), nullable=True),
        sa.Column("birth_date_enc", sa.Text(), nullable=True),
        sa.Column("phone_enc", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("privacy_profiles", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_privacy_profiles")),
    )
    op.create_table(
        "privacy_consents",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("guardian_name_enc", sa.Text(), nullable=True),
        sa.Column("guardian_contact_enc", sa.Text(), nullable=True),
        sa.Column("guardian_token_hash", sa.String(length=64), nullable=True),
        sa.Column("guardian_token_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("guardian_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('granted', 'withdrawn', 'pending_guardian')",
            name=op.f("ck_privacy_consents_status"),
        ),
        _user_fk("privacy_consents", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "purpose", name=op.f("pk_privacy_consents")),
        sa.UniqueConstraint(
            "guardian_token_hash", name=op.f("uq_privacy_consents_guardian_token_hash")
        ),
    )
    op.create_table(
        "privacy_documents",
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("media_type", sa.String(length=32), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("wrapped_key", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.Column("granted_claims", sa.JSON(), nullable=True),
        sa.Column("purge_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('id_card', 'health_insurance', 'medical_record', 'other')",
            name=op.f("ck_privacy_documents_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'purged')",
            name=op.f("ck_privacy_documents_status"),
        ),
        _user_fk("privacy_documents", "owner_id", "CASCADE"),
        _user_fk("privacy_documents", "decided_by_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_documents")),
    )
    with op.batch_alter_table("privacy_documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_privacy_documents_owner_id_created_at", ["owner_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_privacy_documents_status_created_at", ["status", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_privacy_documents_purge_after"), ["purge_after"], unique=False
        )
    op.create_table(
        "privacy_verifiers",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("granted_by_id", sa.Uuid(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        _user_fk("privacy_verifiers", "user_id", "CASCADE"),
        _user_fk("privacy_verifiers", "granted_by_id", "SET NULL"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_privacy_verifiers")),
    )
    op.create_table(
        "privacy_access_log",
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("resource_type", sa.String(length=32), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=True),
        sa.Column("purpose", sa.String(length=500), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        _user_fk("privacy_access_log", "actor_id", "SET NULL"),
        _user_fk("privacy_access_log", "subject_id", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_access_log")),
    )
    with op.batch_alter_table("privacy_access_log", schema=None) as batch_op:
        batch_op.create_index("ix_privacy_access_log_actor_id_at", ["actor_id", "at"], unique=False)
        batch_op.create_index(
            "ix_privacy_access_log_subject_id_at", ["subject_id", "at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_privacy_access_log_at"), ["at"], unique=False)
    op.create_table(
        "privacy_erasures",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        _user_fk("privacy_erasures", "user_id", "CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_privacy_erasures")),
    )


def downgrade() -> None:
    op.drop_table("privacy_erasures")
    with op.batch_alter_table("privacy_access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_privacy_access_log_at"))
        batch_op.drop_index("ix_privacy_access_log_subject_id_at")
        batch_op.drop_index("ix_privacy_access_log_actor_id_at")
    op.drop_table("privacy_access_log")
    op.drop_table("privacy_verifiers")
    with op.batch_alter_table("privacy_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_privacy_documents_purge_after"))
        batch_op.drop_index("ix_privacy_documents_status_created_at")
        batch_op.drop_index("ix_privacy_documents_owner_id_created_at")
    op.drop_table("privacy_documents")
    op.drop_table("privacy_consents")
    op.drop_table("privacy_profiles")
