"""Append-only events, one per change of a case, chained by SHA-256."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediasi.cases.models import Case
from mediasi.db.base import UUIDBase


class Event(UUIDBase):
    """One change of a case. ``seq`` runs 1, 2, 3 … per case with no gap (it equals the case
    version the change produced); ``hash`` covers every column and the previous event's hash."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("case_id", "seq", name="uq_events_case_seq"),
        # By time, with the case: which cases had any event in a period is read from the
        # index alone (the statistics' cases handled per officer, 0020).
        Index("ix_events_created_at_case_id", "created_at", "case_id"),
    )

    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_role: Mapped[str] = mapped_column(String(12))
    trigger: Mapped[str] = mapped_column(String(60))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonB)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    # Declared so that the unit of work inserts a new case before its first event.
    case: Mapped[Case] = relationship(lazy="raise")

    def actor_shown(self, names: Mapping[UUID, str]) -> str:
        """The actor's full name from ``names`` (users by id); else the name recorded then."""
        return names.get(self.actor_id, self.actor_name) if self.actor_id else self.actor_name
