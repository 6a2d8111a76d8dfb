"""services: civil

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORIES = (
    "'administrative', 'tax', 'economic', 'education', 'culture', 'tourism', 'public_safety', "
    "'real_estate', 'foreigner_support', 'vulnerable_support'"
)
STATUSES = "'received', 'in_progress', 'completed', 'rejected', 'withdrawn'"


def upgrade() -> None:
    op.create_table(
        "civil_departments",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_ko", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_civil_departments")),
    )
    op.create_table(
        "civil_department_members",
        sa.Column("department_code", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("added_by_id", sa.Uuid(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["users.id"],
            name=op.f("fk_civil_department_members_added_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["department_code"],
            ["civil_departments.code"],
            name=op.f("fk_civil_department_members_department_code_civil_departments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_civil_department_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "department_code", "user_id", name=op.f("pk_civil_department_members")
        ),
    )
    with op.batch_alter_table("civil_department_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_civil_department_members_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "civil_services",
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("name_ko", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("description_ko", sa.Text(), nullable=False),
        sa.Column("description_en", sa.Text(), nullable=False),
        sa.Column("department_code", sa.String(length=32), nullable=False),
        sa.Column("deadline_days", sa.Integer(), nullable=False),
        sa.Column("form_schema", sa.JSON(), nullable=False),
        sa.CheckConstraint(f"category IN ({CATEGORIES})", name=op.f("ck_civil_services_category")),
        sa.CheckConstraint("deadline_days > 0", name=op.f("ck_civil_services_deadline_positive")),
        sa.ForeignKeyConstraint(
            ["department_code"],
            ["civil_departments.code"],
            name=op.f("fk_civil_services_department_code_civil_departments"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_civil_services")),
    )
    with op.batch_alter_table("civil_services", schema=None) as batch_op:
        batch_op.create_index("ix_civil_services_category_slug", ["category", "slug"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_civil_services_department_code"), ["department_code"], unique=False
        )

    op.create_table(
        "civil_requests",
        sa.Column("service_slug", sa.String(length=64), nullable=False),
        sa.Column("department_code", sa.String(length=32), nullable=False),
        sa.Column("citizen_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_to_id", sa.Uuid(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_civil_requests_status")),
        sa.ForeignKeyConstraint(
            ["assigned_to_id"],
            ["users.id"],
            name=op.f("fk_civil_requests_assigned_to_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["users.id"],
            name=op.f("fk_civil_requests_citizen_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_code"],
            ["civil_departments.code"],
            name=op.f("fk_civil_requests_department_code_civil_departments"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["service_slug"],
            ["civil_services.slug"],
            name=op.f("fk_civil_requests_service_slug_civil_services"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_civil_requests")),
    )
    with op.batch_alter_table("civil_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_civil_requests_citizen_id_received_at",
            ["citizen_id", "received_at", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_civil_requests_queue",
            ["department_code", "status", "due_at", "id"],
            unique=False,
        )

    op.create_table(
        "civil_request_transitions",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_civil_request_transitions_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["civil_requests.id"],
            name=op.f("fk_civil_request_transitions_request_id_civil_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "seq", name=op.f("pk_civil_request_transitions")),
    )


def downgrade() -> None:
    op.drop_table("civil_request_transitions")
    with op.batch_alter_table("civil_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_civil_requests_queue")
        batch_op.drop_index("ix_civil_requests_citizen_id_received_at")
    op.drop_table("civil_requests")
    with op.batch_alter_table("civil_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_civil_services_department_code"))
        batch_op.drop_index("ix_civil_services_category_slug")
    op.drop_table("civil_services")
    with op.batch_alter_table("civil_department_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_civil_department_members_user_id"))
    op.drop_table("civil_department_members")
    op.drop_table("civil_departments")
