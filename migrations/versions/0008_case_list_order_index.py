"""The case list's order as an index: open cases first, then by due time (none last), then by
reference, newest first; a page of a large list reads its rows in order instead of sorting
every case it may see.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 07:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_cases_list_order",
        "cases",
        ["is_final", sa.text("(due_at IS NULL)"), "due_at", sa.text("reference DESC")],
    )


def downgrade() -> None:
    op.drop_index("ix_cases_list_order", table_name="cases")
