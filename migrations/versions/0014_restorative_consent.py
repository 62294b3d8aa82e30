"""Restorative justice: the victim's consent apart from the agreement (the exact statement,
its SHA-256, how it was signed, the scan of a paper one, its withdrawal), and an index on a
party's NIK, by which once per offender finds an offender's earlier settlements in any area.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
MOMENT = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rj_consents",
        sa.Column("id", GUID, nullable=False),
        sa.Column("case_id", GUID, nullable=False),
        sa.Column("party_id", GUID, nullable=True),
        sa.Column("victim_name", sa.String(length=120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("typed_name", sa.String(length=200), nullable=True),
        sa.Column("given_at", MOMENT, nullable=False),
        sa.Column("recorded_by_id", GUID, nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=False),
        sa.Column("scan_filename", sa.String(length=200), nullable=True),
        sa.Column("scan_media_type", sa.String(length=40), nullable=True),
        sa.Column("scan_size", sa.Integer(), nullable=True),
        sa.Column("scan_sha256", sa.String(length=64), nullable=True),
        sa.Column("scan", sa.LargeBinary(), nullable=True),
        sa.Column("withdrawn_at", MOMENT, nullable=True),
        sa.Column("withdrawal_reason", sa.Text(), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_rj_consents_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_rj_consents_party_id_parties"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_rj_consents_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rj_consents")),
    )
    with op.batch_alter_table("rj_consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rj_consents_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rj_consents_party_id"), ["party_id"], unique=False)
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parties_nik"), ["nik"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parties_nik"))
    with op.batch_alter_table("rj_consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rj_consents_party_id"))
        batch_op.drop_index(batch_op.f("ix_rj_consents_case_id"))
    op.drop_table("rj_consents")
