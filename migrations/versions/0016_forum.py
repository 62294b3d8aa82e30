"""The partnership forum (FKPM/BKPM): forums on area nodes, their roster over time, their
activities with attendance and photos, the aspirations raised at them, and each forum's own
chained log of events.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
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
GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "forums",
        sa.Column("id", GUID, nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("area_id", GUID, nullable=False),
        sa.Column("basis", sa.String(length=10), nullable=False),
        sa.Column("kawasan", sa.String(length=120), nullable=True),
        sa.Column("meeting_place", sa.String(length=200), nullable=True),
        sa.Column("formed_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), server_default=GENESIS, nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_forums_area_id_areas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forums")),
    )
    with op.batch_alter_table("forums", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forums_area_id"), ["area_id"], unique=False)

    op.create_table(
        "forum_activities",
        sa.Column("id", GUID, nullable=False),
        sa.Column("forum_id", GUID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("starts_at", MOMENT, nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("residents", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("recorded_at", MOMENT, nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forums.id"],
            name=op.f("fk_forum_activities_forum_id_forums"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_activities")),
    )
    with op.batch_alter_table("forum_activities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_activities_forum_id"), ["forum_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_forum_activities_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_forum_activities_starts_at"), ["starts_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_forum_activities_status"), ["status"], unique=False)

    op.create_table(
        "forum_events",
        sa.Column("id", GUID, nullable=False),
        sa.Column("forum_id", GUID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("actor_id", GUID, nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("actor_role", sa.String(length=12), nullable=False),
        sa.Column("trigger", sa.String(length=60), nullable=False),
        sa.Column("from_status", sa.String(length=12), nullable=True),
        sa.Column("to_status", sa.String(length=12), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_forum_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forums.id"],
            name=op.f("fk_forum_events_forum_id_forums"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_events")),
        sa.UniqueConstraint("forum_id", "seq", name="uq_forum_events_forum_seq"),
    )
    with op.batch_alter_table("forum_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_events_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_forum_events_forum_id"), ["forum_id"], unique=False)

    op.create_table(
        "forum_aspirations",
        sa.Column("id", GUID, nullable=False),
        sa.Column("forum_id", GUID, nullable=False),
        sa.Column("activity_id", GUID, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("raised_by", sa.String(length=120), nullable=True),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("raised_at", MOMENT, nullable=False),
        sa.Column("closed_at", MOMENT, nullable=True),
        sa.Column("case_id", GUID, nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["forum_activities.id"],
            name=op.f("fk_forum_aspirations_activity_id_forum_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_forum_aspirations_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forums.id"],
            name=op.f("fk_forum_aspirations_forum_id_forums"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_aspirations")),
    )
    with op.batch_alter_table("forum_aspirations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_aspirations_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_forum_aspirations_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_forum_aspirations_forum_id"), ["forum_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_forum_aspirations_raised_at"), ["raised_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_forum_aspirations_status"), ["status"], unique=False)

    op.create_table(
        "forum_members",
        sa.Column("id", GUID, nullable=False),
        sa.Column("forum_id", GUID, nullable=False),
        sa.Column("person_kind", sa.String(length=10), nullable=False),
        sa.Column("tokoh_id", GUID, nullable=True),
        sa.Column("user_id", GUID, nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("element", sa.String(length=20), nullable=False),
        sa.Column("position", sa.String(length=20), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=300), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["forum_id"],
            ["forums.id"],
            name=op.f("fk_forum_members_forum_id_forums"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tokoh_id"], ["tokoh.id"], name=op.f("fk_forum_members_tokoh_id_tokoh")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_forum_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_members")),
    )
    with op.batch_alter_table("forum_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_forum_members_forum_id"), ["forum_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_forum_members_tokoh_id"), ["tokoh_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_forum_members_user_id"), ["user_id"], unique=False)

    op.create_table(
        "forum_photos",
        sa.Column("id", GUID, nullable=False),
        sa.Column("activity_id", GUID, nullable=False),
        sa.Column("filename", sa.String(length=120), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("location_removed", sa.Boolean(), nullable=False),
        sa.Column("added_by", GUID, nullable=True),
        sa.Column("added_at", MOMENT, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["forum_activities.id"],
            name=op.f("fk_forum_photos_activity_id_forum_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["added_by"], ["users.id"], name=op.f("fk_forum_photos_added_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_photos")),
    )
    with op.batch_alter_table("forum_photos", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_photos_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "forum_attendance",
        sa.Column("id", GUID, nullable=False),
        sa.Column("activity_id", GUID, nullable=False),
        sa.Column("member_id", GUID, nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["forum_activities.id"],
            name=op.f("fk_forum_attendance_activity_id_forum_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["forum_members.id"],
            name=op.f("fk_forum_attendance_member_id_forum_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_attendance")),
        sa.UniqueConstraint(
            "activity_id", "member_id", name=op.f("uq_forum_attendance_activity_id")
        ),
    )
    with op.batch_alter_table("forum_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_forum_attendance_activity_id"), ["activity_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("forum_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_attendance_activity_id"))

    op.drop_table("forum_attendance")
    with op.batch_alter_table("forum_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_photos_activity_id"))

    op.drop_table("forum_photos")
    with op.batch_alter_table("forum_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_members_user_id"))
        batch_op.drop_index(batch_op.f("ix_forum_members_tokoh_id"))
        batch_op.drop_index(batch_op.f("ix_forum_members_forum_id"))

    op.drop_table("forum_members")
    with op.batch_alter_table("forum_aspirations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_aspirations_status"))
        batch_op.drop_index(batch_op.f("ix_forum_aspirations_raised_at"))
        batch_op.drop_index(batch_op.f("ix_forum_aspirations_forum_id"))
        batch_op.drop_index(batch_op.f("ix_forum_aspirations_case_id"))
        batch_op.drop_index(batch_op.f("ix_forum_aspirations_activity_id"))

    op.drop_table("forum_aspirations")
    with op.batch_alter_table("forum_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_events_forum_id"))
        batch_op.drop_index(batch_op.f("ix_forum_events_created_at"))

    op.drop_table("forum_events")
    with op.batch_alter_table("forum_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forum_activities_status"))
        batch_op.drop_index(batch_op.f("ix_forum_activities_starts_at"))
        batch_op.drop_index(batch_op.f("ix_forum_activities_kind"))
        batch_op.drop_index(batch_op.f("ix_forum_activities_forum_id"))

    op.drop_table("forum_activities")
    with op.batch_alter_table("forums", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_forums_area_id"))

    op.drop_table("forums")
