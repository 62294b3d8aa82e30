"""Text search of the case list through trigram indexes on PostgreSQL (pg_trgm): the list
finds a case by part of its reference, its title or a party's name with ``lower(…) LIKE
'%…%'``, which these GIN indexes answer without reading every case. SQLite keeps its scan.

The extension is trusted since PostgreSQL 13: the database's owner may create it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_cases_title_trgm", "cases", "title"),
    ("ix_cases_reference_trgm", "cases", "reference"),
    ("ix_parties_name_trgm", "parties", "name"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} USING gin (lower({column}) gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _table, _column in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
