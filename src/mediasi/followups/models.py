"""A follow-up an officer sets on a case ("call the respondent on Thursday")."""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Date, ForeignKey, Index, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDAuditBase


class FollowUp(UUIDAuditBase):
    """The officer's own reminder: a plain row, not a chained event. It is no step of the case
    and changes nothing in it, so it neither bumps the case version (a colleague's open form
    stays valid) nor belongs in the audit replay; who set it and when it was done is kept."""

    __tablename__ = "follow_ups"
    # The home page reads an officer's open follow-ups by day.
    __table_args__ = (Index("ix_follow_ups_owner_open_day", "owner_id", "done_at", "due_on"),)

    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    due_time: Mapped[time | None] = mapped_column(Time)
    note: Mapped[str] = mapped_column(String(200))
    done_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
