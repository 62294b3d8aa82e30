"""The outbox (one row per message, which is also its delivery log) and contact preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDAuditBase

# A message's life: queued → sending (claimed by one dispatcher) → sent → delivered → read;
# or failed (a permanent refusal, or retries used up); or suppressed (never sent: the person
# opted out or has no usable address), which the log still shows as proof of why.
QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
DELIVERED = "delivered"
READ = "read"
FAILED = "failed"
SUPPRESSED = "suppressed"
STATUSES = (QUEUED, SENDING, SENT, DELIVERED, READ, FAILED, SUPPRESSED)


class Message(UUIDAuditBase):
    """One message to one person over one channel; ``created_at`` is when it was queued."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_status_next", "status", "next_attempt_at"),)

    case_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40), index=True)
    # The same key never makes a second message (an event's recipient, a reminder, a digest).
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    recipient_kind: Mapped[str] = mapped_column(String(12))
    recipient_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    recipient_name: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(12), index=True)
    address: Mapped[str | None] = mapped_column(String(254), index=True)
    language: Mapped[str] = mapped_column(String(5), default="id")
    # The recipient's area time, for quiet hours when a retry is scheduled.
    timezone: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    params: Mapped[dict[str, Any]] = mapped_column(JsonB)
    status: Mapped[str] = mapped_column(String(12), index=True)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Times a dispatcher took it; more than the attempts recorded means one died mid-send.
    claims: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    sent_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    failed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    reason: Mapped[str | None] = mapped_column(Text)
    provider_id: Mapped[str | None] = mapped_column(String(200), index=True)
    resent_from_id: Mapped[UUID | None] = mapped_column(ForeignKey("messages.id"))


class ContactPreference(UUIDAuditBase):
    """What a person (known by their phone number or email address) wants: to hear nothing,
    or to hear on one channel. Changes are also chained events of the case they were made on."""

    __tablename__ = "contact_preferences"

    address: Mapped[str] = mapped_column(String(254), unique=True)
    opted_out: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[str | None] = mapped_column(String(12))
