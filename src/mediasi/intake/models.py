"""A resident's report as it came in the door, and every attempt to look one up.

The report itself is never changed after it is submitted (what the resident said stays what
they said); its triage fields record what became of it. A lookup attempt is kept for the
throttle: per address and per code.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC, JsonB
from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from mediasi.db.base import UUIDAuditBase, UUIDBase
from mediasi.db.stored_files import StoredFile
from mediasi.intake.codes import format_code

NEW = "new"
ACCEPTED = "accepted"
MERGED = "merged"
DECLINED = "declined"
STATUSES = (NEW, ACCEPTED, MERGED, DECLINED)

WEB = "web"
API = "api"
# The doors an officer records a report at: it came to the post, by phone or message, or the
# officer found it on a visit (sambang). These are decided as they are recorded.
WALK_IN = "walk_in"
PHONE = "phone"
PATROL = "patrol"
OFFICER_DOORS = (WALK_IN, PHONE, PATROL)
PUBLIC_DOORS = (WEB, API)

# Why the report's personal data may be processed (UU No. 27/2022 (PDP) Pasal 20 ayat (2)):
# the resident's explicit consent at the public door (huruf a); the police's own task when an
# officer records it (huruf e: a task in the public interest under law; Polri's duty to take
# reports and complaints, UU No. 2/2002 Pasal 14 ayat (1)).
CONSENT = "consent"
PUBLIC_TASK = "public_task"


class PublicReport(UUIDAuditBase):
    __tablename__ = "public_reports"

    code: Mapped[str] = mapped_column(String(12), unique=True)
    source: Mapped[str] = mapped_column(String(10), default=WEB)
    desa_id: Mapped[UUID] = mapped_column(ForeignKey("areas.id"), index=True)
    workflow: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40))
    what: Mapped[str] = mapped_column(Text)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    people: Mapped[str | None] = mapped_column(Text)
    reporter_name: Mapped[str | None] = mapped_column(String(120))
    reporter_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_basis: Mapped[str] = mapped_column(String(20), default=CONSENT, server_default=CONSENT)
    consent_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    consent_version: Mapped[str | None] = mapped_column(String(20))
    # A keyed hash of the sender's address: enough to limit a flood, useless to find them.
    # None for a report an officer recorded.
    address_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
    due_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    status: Mapped[str] = mapped_column(String(10), default=NEW, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    decided_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    decline_reason: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)

    @property
    def tracking_code(self) -> str:
        """The code as the reporter reads it: ``LPR-7K3M-Q9XD-4F2A``."""
        return format_code(self.code)


class ReportAttachment(StoredFile, UUIDBase):
    """A photo or document sent with a report (a boundary, a receipt): a JPEG, PNG or PDF by
    its first bytes, a photo without its GPS position, kept with the SHA-256 of what is kept.
    ``added_by`` is None for the resident's own."""

    __tablename__ = "report_attachments"

    report_id: Mapped[UUID] = mapped_column(
        ForeignKey("public_reports.id", ondelete="CASCADE"), index=True
    )


class TrackingAttempt(UUIDBase):
    __tablename__ = "tracking_attempts"

    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    code: Mapped[str] = mapped_column(String(12), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)


class ReportEvent(UUIDBase):
    """One thing that happened to a report (submitted, accepted, merged, declined, a note),
    chained by SHA-256 like a case's events: ``seq`` 1, 2, 3 … per report, no gap."""

    __tablename__ = "report_events"
    __table_args__ = (UniqueConstraint("report_id", "seq", name="uq_report_events_report_seq"),)

    report_id: Mapped[UUID] = mapped_column(
        ForeignKey("public_reports.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(120))
    actor_role: Mapped[str] = mapped_column(String(12))
    trigger: Mapped[str] = mapped_column(String(60))
    from_status: Mapped[str | None] = mapped_column(String(10))
    to_status: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]] = mapped_column(JsonB)
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class IdempotencyKey(UUIDBase):
    """A client's ``Idempotency-Key`` and the report it made: a retry over a weak link gets
    the same report back, a different report under the same key is refused."""

    __tablename__ = "report_idempotency_keys"

    key: Mapped[str] = mapped_column(String(200), unique=True)
    body_sha256: Mapped[str] = mapped_column(String(64))
    report_id: Mapped[UUID] = mapped_column(ForeignKey("public_reports.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
