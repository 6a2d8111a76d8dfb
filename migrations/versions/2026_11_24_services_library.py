"""services: library

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "library_books",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("licensed_copies", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "licensed_copies >= 0", name=op.f("ck_library_books_copies_not_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_books")),
    )
    with op.batch_alter_table("library_books", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_books_language"), ["language"], unique=False)
        batch_op.create_index("ix_library_books_title_id", ["title", "id"], unique=False)

    op.create_table(
        "library_holds",
        sa.Column("book_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_id"],
            ["library_books.id"],
            name=op.f("fk_library_holds_book_id_library_books"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_library_holds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_holds")),
        sa.UniqueConstraint("book_id", "user_id", name=op.f("uq_library_holds_book_id_user_id")),
    )
    with op.batch_alter_table("library_holds", schema=None) as batch_op:
        batch_op.create_index(
            "ix_library_holds_queue", ["book_id", "placed_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_library_holds_user_id"), ["user_id"], unique=False)

    op.create_table(
        "library_loans",
        sa.Column("book_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("from_hold", sa.Boolean(), nullable=False),
        sa.Column("borrowed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["book_id"],
            ["library_books.id"],
            name=op.f("fk_library_loans_book_id_library_books"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_library_loans_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_loans")),
    )
    with op.batch_alter_table("library_loans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_loans_book_id"), ["book_id"], unique=False)
        batch_op.create_index("ix_library_loans_status_due_at", ["status", "due_at"], unique=False)
        batch_op.create_index(
            "ix_library_loans_user_id_borrowed_at", ["user_id", "borrowed_at"], unique=False
        )
        batch_op.create_index(
            "uq_library_loans_active_reader",
            ["book_id", "user_id"],
            unique=True,
            postgresql_where=sa.text("status = 'active'"),
            sqlite_where=sa.text("status = 'active'"),
        )


def downgrade() -> None:
    op.drop_table("library_loans")
    op.drop_table("library_holds")
    op.drop_table("library_books")
