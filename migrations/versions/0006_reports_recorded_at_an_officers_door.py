"""Reports recorded at an officer's door (walk-in, phone, patrol): their legal basis is the
police's task, not the resident's consent, and they have no sender address.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 19:59:03.621562
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from advanced_alchemy.types import DateTimeUTC
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("public_reports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("legal_basis", sa.String(length=20), server_default="consent", nullable=False)
        )
        batch_op.alter_column("consent_at", existing_type=DateTimeUTC(timezone=True), nullable=True)
        batch_op.alter_column("consent_version", existing_type=sa.String(length=20), nullable=True)
        batch_op.alter_column("address_hash", existing_type=sa.String(length=64), nullable=True)


def downgrade() -> None:
    # The older schema needs a consent and an address on every row: an officer's report keeps
    # its submission time and names its basis in the version column, so nothing is lost.
    op.execute(
        "UPDATE public_reports SET consent_at = submitted_at, consent_version = legal_basis, "
        "address_hash = '' WHERE consent_at IS NULL OR address_hash IS NULL"
    )
    with op.batch_alter_table("public_reports", schema=None) as batch_op:
        batch_op.alter_column("address_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("consent_version", existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column(
            "consent_at", existing_type=DateTimeUTC(timezone=True), nullable=False
        )
        batch_op.drop_column("legal_basis")
