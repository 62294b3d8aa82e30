"""The columns of a file kept in the database (a report's attachment, a forum activity's
photo): what it is, its SHA-256, whether its location was stripped, who added it and when,
and the bytes, loaded only when asked for."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column


class StoredFile:
    """A mixin for a model of kept files; each model adds what the file belongs to."""

    filename: Mapped[str] = mapped_column(String(120))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    location_removed: Mapped[bool] = mapped_column(Boolean, default=False)
    added_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
