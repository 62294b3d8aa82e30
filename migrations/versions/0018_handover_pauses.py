"""Handover of a desa between officers (its record), paused deadlines on the case row, and the
officer's own follow-ups on a case.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 15:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
MOMENT = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def _audit_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "handovers",
        sa.Column("id", GUID, nullable=False),
        sa.Column("desa_id", GUID, nullable=False),
        sa.Column("from_officer_id", GUID, nullable=True),
        sa.Column("to_officer_id", GUID, nullable=False),
        sa.Column("by_user_id", GUID, nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("cases_moved", sa.Integer(), nullable=False),
        sa.Column("sessions_moved", sa.Integer(), nullable=False),
        sa.Column("signatures_pending", sa.Integer(), nullable=False),
        *_audit_columns(),
        sa.ForeignKeyConstraint(
            ["by_user_id"], ["users.id"], name=op.f("fk_handovers_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(["desa_id"], ["areas.id"], name=op.f("fk_handovers_desa_id_areas")),
        sa.ForeignKeyConstraint(
            ["from_officer_id"], ["users.id"], name=op.f("fk_handovers_from_officer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["to_officer_id"], ["users.id"], name=op.f("fk_handovers_to_officer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handovers")),
    )
    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handovers_desa_id"), ["desa_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_handovers_from_officer_id"), ["from_officer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handovers_to_officer_id"), ["to_officer_id"], unique=False
        )

    op.create_table(
        "follow_ups",
        sa.Column("id", GUID, nullable=False),
        sa.Column("case_id", GUID, nullable=False),
        sa.Column("owner_id", GUID, nullable=False),
        sa.Column("set_by_id", GUID, nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("due_time", sa.Time(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closed_at", MOMENT, nullable=True),
        sa.Column("closed_by_id", GUID, nullable=True),
        *_audit_columns(),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_follow_ups_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_follow_ups_owner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_follow_ups_set_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["users.id"], name=op.f("fk_follow_ups_closed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_ups_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_follow_ups_owner_open_day", ["owner_id", "status", "due_on"], unique=False
        )

    # Plain ADD COLUMN, no batch copy: other tables' foreign keys point at ``cases`` (0010).
    op.add_column("cases", sa.Column("paused_at", MOMENT, nullable=True))
    op.add_column("cases", sa.Column("pause_reason", sa.String(length=300), nullable=True))
    op.add_column("cases", sa.Column("pause_until", MOMENT, nullable=True))
    op.create_index(op.f("ix_cases_pause_until"), "cases", ["pause_until"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_pause_until"), table_name="cases")
    op.drop_column("cases", "pause_until")
    op.drop_column("cases", "pause_reason")
    op.drop_column("cases", "paused_at")

    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_ups_owner_open_day")
        batch_op.drop_index(batch_op.f("ix_follow_ups_case_id"))
    op.drop_table("follow_ups")

    with op.batch_alter_table("handovers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handovers_to_officer_id"))
        batch_op.drop_index(batch_op.f("ix_handovers_from_officer_id"))
        batch_op.drop_index(batch_op.f("ix_handovers_desa_id"))
    op.drop_table("handovers")
