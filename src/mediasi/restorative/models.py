"""The documents of a restorative justice case, each issued once by the step that records its
data, with what it says frozen beside its SHA-256 and verification code."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDBase


class CaseDocument(UUIDBase):
    """One issued document. ``content`` is everything it says, as gathered when the step was
    recorded; the PDF is drawn from it, so a later correction of a party does not change a
    document already printed (it shows as changed at ``/verify`` only if the row is edited)."""

    __tablename__ = "case_documents"

    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[UUID] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    content: Mapped[dict[str, Any]] = mapped_column(JsonB)
    digest: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    issued_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
