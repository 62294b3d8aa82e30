"""The case row keeps its newest event's hash, so a step links its event without reading the
events (and ``audit verify`` can tell a chain cut short at its end).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 11:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.add_column(
        "cases",
        sa.Column("last_hash", sa.String(length=64), nullable=False, server_default=GENESIS),
    )
    op.execute(
        "UPDATE cases SET last_hash = (SELECT events.hash FROM events"
        " WHERE events.case_id = cases.id AND events.seq = cases.version)"
        " WHERE EXISTS (SELECT 1 FROM events"
        " WHERE events.case_id = cases.id AND events.seq = cases.version)"
    )


def downgrade() -> None:
    # SQLite (3.35 and later) drops a column without copying the table, which a batch copy
    # could not do here: other tables' foreign keys point at ``cases``.
    op.drop_column("cases", "last_hash")
