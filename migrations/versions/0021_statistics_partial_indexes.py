"""Two partial indexes the statistics read at a Polres with a million cases:

- the open stays with a deadline that runs (not paused), by desa and due time, with their
  officer: the cases overdue now are counted from the stays already past their deadline,
  where the index of stays ended read every open stay of the area (one per case, a million)
  to find them;
- each case's first stay (its report), by case, with the columns a statistics scope filters
  and groups on: the cases an officer handled in a period (any event in it, read from the
  events' time index) are looked up there, where the index of stays begun read every stay of
  the area to pick out the first ones.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-09 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "left_at IS NULL AND paused_since IS NULL"
REPORT = "entered_seq = 1"
INDEXES = {
    "ix_case_stays_open_due": (["desa_id", "due_at", "officer_id"], OPEN),
    "ix_case_stays_reports": (["case_id", "desa_id", "officer_id", "workflow", "category"], REPORT),
}


def upgrade() -> None:
    for name, (columns, where) in INDEXES.items():
        op.create_index(
            name,
            "case_stays",
            columns,
            postgresql_where=sa.text(where),
            sqlite_where=sa.text(where),
        )


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="case_stays")
