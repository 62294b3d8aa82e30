"""A search typed as a reference (``med/kepanjen/2026/0042``) answered by the reference's
beginning on PostgreSQL: a btree over ``lower(reference)`` with ``text_pattern_ops`` serves
``LIKE 'med/kepanjen/2026/0042%'`` in a few index pages. The trigram index (0009) cannot: each
trigram of such a needle (``/20``, ``026``, ``med``) is in nearly every reference, so it
intersected posting lists of the whole table (0.9-7.8 s at 1,000,000 cases). SQLite's FTS5
search (0011) was already quick and keeps it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_cases_reference_prefix"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX {NAME} ON cases (lower(reference) text_pattern_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {NAME}")
