"""space layouts: zones, obstacles and points of every space

Revision ID: space_layouts
Revises: idempotency_keys
Create Date: 2026-12-04 09:00:00

Existing spaces start with an empty layout; `cityhall seed` (and `make run`) fills in the
catalog's layouts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "space_layouts"
down_revision: str | None = "idempotency_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPTY_LAYOUT = '{"zones": [], "obstacles": [], "points": []}'


def upgrade() -> None:
    with op.batch_alter_table("spaces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "layout", sa.JSON(), nullable=False, server_default=sa.text(f"'{EMPTY_LAYOUT}'")
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("spaces", schema=None) as batch_op:
        batch_op.drop_column("layout")
