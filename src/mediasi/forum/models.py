"""A forum, its roster over time, its activities (attendance, photos) and the aspirations raised
at them; every change is an event on the forum's own chain (:mod:`mediasi.forum.ledger`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.cases.chain import GENESIS
from mediasi.db.base import UUIDAuditBase, UUIDBase
from mediasi.db.stored_files import StoredFile


class Forum(UUIDAuditBase):
    """An FKPM of an area node; ``version`` counts its events and guards every write (the
    event's sequence number is the version it brings), ``last_hash`` is its newest event's."""

    __tablename__ = "forums"

    name: Mapped[str] = mapped_column(String(120))
    area_id: Mapped[UUID] = mapped_column(ForeignKey("areas.id"), index=True)
    basis: Mapped[str] = mapped_column(String(10))  # wilayah or kawasan
    kawasan: Mapped[str | None] = mapped_column(String(120))
    meeting_place: Mapped[str | None] = mapped_column(String(200))
    formed_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS, server_default=GENESIS)

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012


class ForumMember(UUIDAuditBase):
    """One person's service in one position: a change of position ends this row and starts
    another, so the roster of any past day can be read back."""

    __tablename__ = "forum_members"

    forum_id: Mapped[UUID] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    person_kind: Mapped[str] = mapped_column(String(10))  # tokoh, officer, other
    tokoh_id: Mapped[UUID | None] = mapped_column(ForeignKey("tokoh.id"), index=True)
    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    element: Mapped[str] = mapped_column(String(20))
    position: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(300))


class ForumActivity(UUIDAuditBase):
    """A dialogue, an outreach, a joint patrol …: scheduled first, recorded once held."""

    __tablename__ = "forum_activities"

    forum_id: Mapped[UUID] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
    place: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), index=True)  # scheduled, held
    residents: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class ForumAttendance(UUIDBase):
    """A member present at an activity."""

    __tablename__ = "forum_attendance"
    __table_args__ = (UniqueConstraint("activity_id", "member_id"),)

    activity_id: Mapped[UUID] = mapped_column(
        ForeignKey("forum_activities.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[UUID] = mapped_column(ForeignKey("forum_members.id", ondelete="CASCADE"))


class ForumPhoto(StoredFile, UUIDBase):
    """A JPEG or PNG of an activity by its first bytes, without the place it was taken."""

    __tablename__ = "forum_photos"

    activity_id: Mapped[UUID] = mapped_column(
        ForeignKey("forum_activities.id", ondelete="CASCADE"), index=True
    )


class ForumAspiration(UUIDAuditBase):
    """An aspiration or complaint raised at an activity, followed up by its owner until it is
    done or turned into a case (``case_id``: the link from the forum to the case)."""

    __tablename__ = "forum_aspirations"

    forum_id: Mapped[UUID] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[UUID] = mapped_column(
        ForeignKey("forum_activities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # aspirasi, keluhan
    text: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[str | None] = mapped_column(String(120))
    owner: Mapped[str] = mapped_column(String(120))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    case_id: Mapped[UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)


class ForumEvent(UUIDBase):
    """One change to a forum, its roster, an activity or an aspiration, chained by SHA-256
    like a case's events: ``seq`` 1, 2, 3 … per forum, no gap; ``status`` is the changed
    thing's status after the change (an aspiration's, an activity's, a member's)."""

    __tablename__ = "forum_events"
    __table_args__ = (UniqueConstraint("forum_id", "seq", name="uq_forum_events_forum_seq"),)

    forum_id: Mapped[UUID] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_role: Mapped[str] = mapped_column(String(12))
    trigger: Mapped[str] = mapped_column(String(60))
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonB)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
