"""The record of a handover: who moved which desa from whom to whom, when, why, and what went."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDAuditBase


class Handover(UUIDAuditBase):
    """One desa handed over; ``created_at`` is when. The counts are what moved with it (each
    open case also carries a ``case.handed_over`` event naming this row)."""

    __tablename__ = "handovers"

    desa_id: Mapped[UUID] = mapped_column(ForeignKey("areas.id"), index=True)
    # None when the desa had no officer (a vacancy filled).
    from_officer_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    to_officer_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"), index=True)
    by_user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500))
    cases_moved: Mapped[int] = mapped_column(Integer)
    sessions_moved: Mapped[int] = mapped_column(Integer)
    signatures_pending: Mapped[int] = mapped_column(Integer)
