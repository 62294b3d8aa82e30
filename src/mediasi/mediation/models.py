"""A mediation session of a case: when, where, who came, what was said, how it ended."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDAuditBase

SCHEDULED = "scheduled"
OUTCOMES = ("agreed", "partial", "failed", "postponed")


class MediationSession(UUIDAuditBase):
    __tablename__ = "mediation_sessions"

    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    place: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default=SCHEDULED)
    # Indexed: the statistics count the sessions held in a period (0020).
    held_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), index=True)
    attendees: Mapped[str | None] = mapped_column(Text)
    minutes: Mapped[str | None] = mapped_column(Text)
