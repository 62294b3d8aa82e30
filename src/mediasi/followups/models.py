"""A follow-up an officer sets on a case ("call the respondent on Thursday")."""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Date, ForeignKey, Index, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDAuditBase

OPEN, DONE, REMOVED = "open", "done", "removed"  # a closing outcome is its status


class FollowUp(UUIDAuditBase):
    """The officer's own reminder: a plain row, not a chained event. It is no step of the case
    and changes nothing in it, so it neither bumps the case version (a colleague's open form
    stays valid) nor belongs in the audit replay. Who set it (``created_at`` is when) and who
    closed it, done or removed, and when, are kept; ``owner_id`` is whose list it is on, and
    moves to the successor at a handover."""

    __tablename__ = "follow_ups"
    # The home page reads an officer's open follow-ups by day.
    __table_args__ = (Index("ix_follow_ups_owner_open_day", "owner_id", "status", "due_on"),)

    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    set_by_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    due_time: Mapped[time | None] = mapped_column(Time)
    note: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    closed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    closed_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
