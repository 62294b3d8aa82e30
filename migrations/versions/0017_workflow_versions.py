"""Workflow versions managed in the app: the versions an admin uploads (YAML text, its SHA-256,
draft or published, by whom) and the runs that moved open cases to a newer version.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
MOMENT = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)
JSON = (
    sa.JSON()
    .with_variant(postgresql.JSONB(astext_type=sa.Text()), "cockroachdb")
    .with_variant(advanced_alchemy.types.json.ORA_JSONB(), "oracle")
    .with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
)


def _audit_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "workflow_versions",
        sa.Column("id", GUID, nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("uploaded_by_id", GUID, nullable=True),
        sa.Column("uploaded_by_name", sa.String(length=120), nullable=False),
        sa.Column("published_at", MOMENT, nullable=True),
        sa.Column("published_by_id", GUID, nullable=True),
        sa.Column("published_by_name", sa.String(length=120), nullable=True),
        *_audit_columns(),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_workflow_versions_published_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_workflow_versions_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflow_versions")),
        sa.UniqueConstraint("name", "version", name=op.f("uq_workflow_versions_name")),
    )
    with op.batch_alter_table("workflow_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workflow_versions_status"), ["status"], unique=False)

    op.create_table(
        "workflow_migrations",
        sa.Column("id", GUID, nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("to_version", sa.Integer(), nullable=False),
        sa.Column("pairs", JSON, nullable=False),
        sa.Column("started_by_id", GUID, nullable=True),
        sa.Column("started_by_name", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("moved", sa.Integer(), nullable=False),
        sa.Column("refused", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("finished_at", MOMENT, nullable=True),
        *_audit_columns(),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["users.id"], name=op.f("fk_workflow_migrations_started_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflow_migrations")),
    )
    with op.batch_alter_table("workflow_migrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workflow_migrations_name"), ["name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("workflow_migrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workflow_migrations_name"))
    op.drop_table("workflow_migrations")
    with op.batch_alter_table("workflow_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workflow_versions_status"))
    op.drop_table("workflow_versions")
