"""Delivery statuses from WhatsApp's webhook, applied to the outbox rows they concern.

Meta may send a status more than once and out of order, so a time is only ever set forward
and a late "delivered" never lowers a message that was already read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import MediasiError
from mediasi.i18n import _
from mediasi.notifications.models import DELIVERED, FAILED, READ, SENT, Message

# Unix seconds up to the year 9999: anything larger cannot be a time.
MAX_TIMESTAMP = 253_402_300_799
_RANK = {SENT: 1, DELIVERED: 2, READ: 3}


class BadPayload(MediasiError, status=400, title="Bad request"): ...


class _Meta(BaseModel):
    """Meta adds fields over time; only the ones read here are checked."""

    model_config = ConfigDict(extra="allow")


class ErrorData(_Meta):
    details: str | None = Field(default=None, max_length=2000)


class StatusError(_Meta):
    code: int | None = Field(default=None, ge=0, le=10**9)
    title: str | None = Field(default=None, max_length=500)
    message: str | None = Field(default=None, max_length=2000)
    error_data: ErrorData | None = None


class Status(_Meta):
    id: str = Field(min_length=1, max_length=200)
    status: str = Field(max_length=40)
    timestamp: int = Field(ge=0, le=MAX_TIMESTAMP)
    errors: list[StatusError] = Field(default_factory=list, max_length=50)


class Value(_Meta):
    statuses: list[Status] = Field(default_factory=list, max_length=1000)


class Change(_Meta):
    value: Value


class Entry(_Meta):
    changes: list[Change] = Field(default_factory=list, max_length=1000)


class Callback(_Meta):
    object: Literal["whatsapp_business_account"] | None = None
    entry: list[Entry] = Field(max_length=1000)


@dataclass(frozen=True)
class Applied:
    """What one callback changed: rows updated, and statuses for ids we never sent."""

    updated: int
    unknown: int


def parse_callback(payload: Any) -> Callback:
    try:
        return Callback.model_validate(payload)
    except ValidationError:
        raise BadPayload(_("Isi panggilan balik WhatsApp tidak sesuai bentuknya.")) from None


def _reason(errors: list[StatusError]) -> str:
    parts = []
    for error in errors:
        words = " — ".join(
            str(p)
            for p in (
                error.code,
                error.title or error.message,
                error.error_data.details if error.error_data else None,
            )
            if p not in (None, "")
        )
        parts.append(words)
    return "; ".join(p for p in parts if p) or "failed"


def _apply(message: Message, status: Status) -> None:
    moment = datetime.fromtimestamp(status.timestamp, UTC)
    if status.status == FAILED:
        message.status = FAILED
        message.failed_at = message.failed_at or moment
        message.reason = _reason(status.errors)
        return
    if status.status not in _RANK or message.status == FAILED:
        return
    if status.status in (DELIVERED, READ) and message.delivered_at is None:
        message.delivered_at = moment
    if status.status == READ and message.read_at is None:
        message.read_at = moment
    if status.status == SENT and message.sent_at is None:
        message.sent_at = moment
    if _RANK[status.status] > _RANK.get(message.status, 0):
        message.status = status.status


class StatusService:
    def __init__(self, session: Session) -> None:
        self.session = session

    @unit_of_work
    def apply(self, payload: Any) -> Applied:
        """Apply every status of one webhook callback (``payload`` as decoded JSON)."""
        callback = parse_callback(payload)
        statuses = [s for e in callback.entry for c in e.changes for s in c.value.statuses]
        updated = unknown = 0
        for status in statuses:
            found = self.session.scalars(
                select(Message).where(Message.provider_id == status.id).limit(1)
            ).first()
            if found is None:
                unknown += 1
                continue
            _apply(found, status)
            updated += 1
        return Applied(updated=updated, unknown=unknown)
