"""A victim's consent to restorative justice: the exact statement signed, its SHA-256, how it
was signed (in person, or on paper with the scan kept beside it), and its withdrawal."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDAuditBase


class VictimConsent(UUIDAuditBase):
    """One victim's signed consent on one case; it stands until ``withdrawn_at``."""

    __tablename__ = "rj_consents"

    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # The party who consented; gone (NULL) if the party is removed, and then no longer counts.
    party_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("parties.id", ondelete="SET NULL"), index=True
    )
    victim_name: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(12))
    typed_name: Mapped[str | None] = mapped_column(String(200))
    given_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    recorded_by_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    ip: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(300))
    scan_filename: Mapped[str | None] = mapped_column(String(200))
    scan_media_type: Mapped[str | None] = mapped_column(String(40))
    scan_size: Mapped[int | None] = mapped_column(Integer)
    scan_sha256: Mapped[str | None] = mapped_column(String(64))
    scan: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
