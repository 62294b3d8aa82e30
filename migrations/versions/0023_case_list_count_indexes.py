"""Two indexes the case list's counts read at a million cases:

- by desa and state: "how many cases in this state" in an officer's or a supervisor's desa
  was counted by reading every case of the state (or of the desa) from the table, some
  forty milliseconds at a million cases on PostgreSQL; it is now read from this index alone;
- by desa, open or closed, deadline and pause: "how many are overdue" (open, past their
  deadline, not paused) likewise read the table; the index holds every column it tests.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 10:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_cases_desa_state": ["desa_id", "state"],
    "ix_cases_desa_overdue": ["desa_id", "is_final", "due_at", "paused_at"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "cases", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="cases")
