"""The statistics' monthly roll-up: the cases' stays and events counted per desa and calendar
month in the desa's time zone (``mediasi.cases.rollup_model``), filled here from the stays and
events already written; from now on kept in the same transaction as the stays they count
(``mediasi.cases.rollup``), and checked by ``mediasi audit verify``.

The rules the roll-up counts by (final states, escalations, the agreement's step) are the
workflow files' and the versions published in the application, and the months are each desa's
time zone's (the deployment's when none is set): the backfill reads both as the application
does.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.orm import Session

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)


def _key(name: str, kind: sa.types.TypeEngine[object]) -> sa.Column[object]:
    return sa.Column(name, kind, nullable=False)


def _table(name: str, keys: list[sa.Column[object]], measures: list[sa.Column[object]]) -> None:
    columns = [_key("desa_id", GUID), _key("month", sa.Date()), *keys]
    names = [c.name for c in columns]
    op.create_table(
        name, *columns, *measures, sa.PrimaryKeyConstraint(*names, name=op.f(f"pk_{name}"))
    )


def _measure(name: str, kind: sa.types.TypeEngine[object]) -> sa.Column[object]:
    return sa.Column(name, kind, nullable=False)


def _backfill() -> None:
    """Every case counted, with the registry and zone the application would use."""
    from mediasi.cases.rollup import rebuild
    from mediasi.config import Settings
    from mediasi.workflow.engine import WorkflowEngine
    from mediasi.workflow.loader import load_workflows
    from mediasi.workflow_versions.catalog import Catalog

    connection = op.get_bind()
    if connection.scalar(sa.text("SELECT 1 FROM case_stays LIMIT 1")) is None:
        return
    settings = context.config.attributes.get("settings") or Settings()
    engine = WorkflowEngine(load_workflows(settings.workflows_dir))
    with Session(bind=connection) as session:
        Catalog(engine, sa.orm.sessionmaker(bind=connection)).refresh(session, force=True)
    rebuild(connection, engine.registry, settings.timezone)


def upgrade() -> None:
    word = sa.String(length=40)
    _table(
        "stats_entered",
        [
            _key("workflow", word),
            _key("version", sa.Integer()),
            _key("category", word),
            _key("officer_id", GUID),
            _key("state", word),
            _key("first", sa.Boolean()),
        ],
        [_measure("stays", sa.Integer()), _measure("escalated", sa.Integer())],
    )
    _table(
        "stats_ended",
        [
            _key("workflow", word),
            _key("version", sa.Integer()),
            _key("category", word),
            _key("state", word),
            _key("left_to", word),
            _key("missed", sa.Boolean()),
            _key("left_seq", sa.Integer()),
        ],
        [
            _measure("stays", sa.Integer()),
            _measure("days", sa.Float()),
            _measure("paused", sa.Float()),
        ],
    )
    _table(
        "stats_agreed",
        [_key("workflow", word), _key("category", word), _key("days", sa.Float())],
        [_measure("agreements", sa.Integer())],
    )
    _table(
        "stats_handled",
        [
            _key("officer_id", GUID),
            _key("workflow", word),
            _key("category", word),
            _key("since", sa.Date()),
        ],
        [_measure("cases", sa.Integer())],
    )
    _backfill()


def downgrade() -> None:
    for name in ("stats_handled", "stats_agreed", "stats_ended", "stats_entered"):
        op.drop_table(name)
