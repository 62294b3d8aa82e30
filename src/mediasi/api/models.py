"""An unsafe API call made under an ``Idempotency-Key``, and the answer it got."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDBase


class IdempotentCall(UUIDBase):
    """Keyed by who called (a token, or a logged-in user) and their key. ``status`` is None
    while the first call is still being answered; then the answer is kept for 24 hours."""

    __tablename__ = "api_idempotency_keys"
    __table_args__ = (UniqueConstraint("principal", "key", name="uq_api_idempotency_keys_key"),)

    principal: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column(Integer)
    headers: Mapped[dict[str, Any]] = mapped_column(JsonB, default=dict)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
