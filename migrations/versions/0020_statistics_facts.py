"""The statistics' read model: a case's stays (``case_stays``), one row each time it entered a
state, filled here from the event log already written; and two indexes the statistics read
by: the events by time with their case (in place of the time alone), the sessions by the time
they were held.

A stay is every event that moved the case (the report, a step into another state, a migration
that renamed the state) up to the next one; the case's desa, workflow, category and officer
(and the open stay's due time) are copied from the case row; a stay left by the system (an
expiry step), flagged by the deadline scanner, paused (to its resume, the flag, a step back
into the state or the step out) and the workflow version it counts under (the one in force
when the case left it) are read from the events in between. The live writes
(``mediasi.cases.stays``) and ``mediasi audit verify`` follow the same rules.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
MOMENT = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)

# The columns the two indexes a period is counted by carry besides the desa and the time.
ENTERED = ["workflow", "version", "state", "entered_seq", "category", "officer_id"]
ENTERED += ["entered_by", "case_id"]
LEFT = ["officer_id", "due_at", "paused_since", "workflow", "version", "state", "left_to"]
LEFT += ["left_by_system", "flagged", "entered_at", "paused_days", "left_seq", "category"]

STAYS = """
INSERT INTO case_stays (case_id, entered_seq, desa_id, workflow, version, category, officer_id,
    state, entered_at, entered_by, left_at, left_seq, left_to, left_by_system, flagged,
    paused_days, paused_since, due_at)
SELECT m.case_id, m.seq, c.desa_id, c.workflow, c.workflow_version, c.category,
    c.assigned_officer_id, m.to_state, m.created_at, m.trigger, m.left_at, m.left_seq,
    m.left_to, COALESCE(m.left_role = 'system', FALSE), FALSE, 0.0, NULL,
    CASE WHEN m.left_seq IS NULL THEN c.due_at END
FROM (
    SELECT case_id, seq, to_state, created_at, trigger,
        LEAD(created_at) OVER w AS left_at, LEAD(seq) OVER w AS left_seq,
        LEAD(to_state) OVER w AS left_to, LEAD(actor_role) OVER w AS left_role
    FROM events
    WHERE from_state IS NULL OR from_state <> to_state
    WINDOW w AS (PARTITION BY case_id ORDER BY seq)
) AS m
JOIN cases AS c ON c.id = m.case_id
"""

# An event of the case between the stay's entry and its end (or after the entry, if open).
INSIDE = """{e}.case_id = case_stays.case_id AND {e}.seq > case_stays.entered_seq
    AND (case_stays.left_seq IS NULL OR {e}.seq < case_stays.left_seq)"""
# A resume, the scanner's flag, or a step back into the same state (a workflow's trigger has
# no dot) ends a pause.
ENDS_PAUSE = """(e.trigger IN ('deadline.resumed', 'deadline.expired')
    OR (e.trigger NOT LIKE '%.%' AND e.from_state = e.to_state))"""

FLAGGED = f"""
UPDATE case_stays SET flagged = TRUE
WHERE case_id IN (SELECT case_id FROM events WHERE trigger = 'deadline.expired')
    AND EXISTS (SELECT 1 FROM events f
        WHERE {INSIDE.format(e="f")} AND f.trigger = 'deadline.expired')
"""

# The end of pause ``p``: the first resume or flag after it within the stay, else the step
# out (none while the stay and its pause run on).
PAUSE_END = f"""COALESCE((
            SELECT e.created_at FROM events e
            WHERE {INSIDE.format(e="e")} AND e.seq > p.seq AND {ENDS_PAUSE}
            ORDER BY e.seq LIMIT 1
        ), case_stays.left_at)"""

PAUSED = """
UPDATE case_stays SET
    paused_days = COALESCE((
        SELECT SUM({paused}) FROM events p
        WHERE {inside} AND p.trigger = 'deadline.paused'
    ), 0.0),
    paused_since = (
        SELECT p.created_at FROM events p
        WHERE {inside} AND p.trigger = 'deadline.paused' AND case_stays.left_seq IS NULL
            AND NOT EXISTS (SELECT 1 FROM events e
                WHERE e.case_id = p.case_id AND e.seq > p.seq AND {ends})
        ORDER BY p.seq DESC LIMIT 1
    )
WHERE case_id IN (SELECT case_id FROM events WHERE trigger = 'deadline.paused')
"""

VERSIONS = """
UPDATE case_stays SET version = COALESCE(
    (SELECT {to_version} FROM events m
        WHERE m.case_id = case_stays.case_id AND m.trigger = 'workflow.migrated'
            AND m.seq < case_stays.left_seq
        ORDER BY m.seq DESC LIMIT 1),
    (SELECT {from_version} FROM events m
        WHERE m.case_id = case_stays.case_id AND m.trigger = 'workflow.migrated'
        ORDER BY m.seq LIMIT 1),
    version)
WHERE left_seq IS NOT NULL
    AND case_id IN (SELECT case_id FROM events WHERE trigger = 'workflow.migrated')
"""


def _days(dialect: str, later: str, earlier: str) -> str:
    """Days from ``earlier`` to ``later`` (SQLite keeps times as text)."""
    if dialect == "sqlite":
        return f"(julianday({later}) - julianday({earlier}))"
    return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"


def _version(dialect: str, key: str) -> str:
    """A version number in a migration event's payload (SQLite keeps JSON as text)."""
    if dialect == "sqlite":
        return f"CAST(json_extract(m.payload, '$.{key}') AS INTEGER)"
    return f"CAST(m.payload ->> '{key}' AS INTEGER)"


def upgrade() -> None:
    op.create_table(
        "case_stays",
        sa.Column("case_id", GUID, nullable=False),
        sa.Column("entered_seq", sa.Integer(), nullable=False),
        sa.Column("desa_id", GUID, nullable=False),
        sa.Column("workflow", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("officer_id", GUID, nullable=True),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("entered_at", MOMENT, nullable=False),
        sa.Column("entered_by", sa.String(length=60), nullable=False),
        sa.Column("left_at", MOMENT, nullable=True),
        sa.Column("left_seq", sa.Integer(), nullable=True),
        sa.Column("left_to", sa.String(length=40), nullable=True),
        sa.Column("left_by_system", sa.Boolean(), nullable=False),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("paused_days", sa.Float(), nullable=False),
        sa.Column("paused_since", MOMENT, nullable=True),
        sa.Column("due_at", MOMENT, nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_stays_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "entered_seq", name=op.f("pk_case_stays")),
    )
    with op.batch_alter_table("case_stays", schema=None) as batch_op:
        batch_op.create_index("ix_case_stays_desa_entered", ["desa_id", "entered_at", *ENTERED])
        batch_op.create_index("ix_case_stays_desa_left", ["desa_id", "left_at", *LEFT])
    # Plain index statements (no batch copy): other tables' foreign keys point at these.
    op.drop_index("ix_events_created_at", table_name="events")
    op.create_index("ix_events_created_at_case_id", "events", ["created_at", "case_id"])
    op.create_index(
        op.f("ix_mediation_sessions_held_at"), "mediation_sessions", ["held_at"], unique=False
    )
    dialect = op.get_bind().dialect.name
    op.execute(STAYS)
    op.execute(FLAGGED)
    paused = _days(dialect, PAUSE_END, "p.created_at")
    op.execute(PAUSED.format(paused=paused, inside=INSIDE.format(e="p"), ends=ENDS_PAUSE))
    to_version, from_version = _version(dialect, "to_version"), _version(dialect, "from_version")
    op.execute(VERSIONS.format(to_version=to_version, from_version=from_version))


def downgrade() -> None:
    op.drop_index(op.f("ix_mediation_sessions_held_at"), table_name="mediation_sessions")
    op.drop_index("ix_events_created_at_case_id", table_name="events")
    op.create_index("ix_events_created_at", "events", ["created_at"], unique=False)
    with op.batch_alter_table("case_stays", schema=None) as batch_op:
        batch_op.drop_index("ix_case_stays_desa_left")
        batch_op.drop_index("ix_case_stays_desa_entered")
    op.drop_table("case_stays")
