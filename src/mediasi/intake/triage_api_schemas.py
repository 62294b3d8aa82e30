"""What the API answers of the reports from the public door: the queue's rows, and one report
as the review page shows it (the reporter's phone masked, nothing of an anonymous reporter),
with its files and its log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.intake.codes import format_code
from mediasi.intake.models import PublicReport, ReportAttachment, ReportEvent
from mediasi.intake.triage import Review
from mediasi.phones import masked
from mediasi.web.paging import PageOut


class ReportRowOut(BaseModel):
    """A report in the queue: enough to choose which to open."""

    id: UUID
    code: str = Field(examples=["LPR-2222-3333-4444"])
    status: str = Field(examples=["new"])  # new, accepted, merged or declined
    source: str = Field(examples=["web"])  # the door it came in by
    desa_id: UUID
    workflow: str = Field(examples=["sengketa"])
    category: str = Field(examples=["batas_tanah"])
    place: str = Field(examples=["Sawah utara balai desa"])
    submitted_at: datetime
    due_at: datetime | None  # when it must be decided by

    @classmethod
    def fields_of(cls, report: PublicReport) -> dict[str, Any]:
        return {
            "id": report.id,
            "code": format_code(report.code),
            "status": report.status,
            "source": report.source,
            "desa_id": report.desa_id,
            "workflow": report.workflow,
            "category": report.category,
            "place": report.place,
            "submitted_at": report.submitted_at,
            "due_at": report.due_at,
        }

    @classmethod
    def of(cls, report: PublicReport) -> ReportRowOut:
        return cls(**cls.fields_of(report))


class ReportPageOut(PageOut):
    items: list[ReportRowOut]


class ReportFileOut(BaseModel):
    id: UUID
    filename: str = Field(examples=["patok.jpg"])
    media_type: str = Field(examples=["image/jpeg"])
    size: int
    sha256: str
    location_removed: bool  # a photo's GPS position was taken out
    added_by: UUID | None  # the officer who added it; null: the reporter's own
    added_at: datetime

    @classmethod
    def of(cls, row: ReportAttachment) -> ReportFileOut:
        return cls(
            id=row.id,
            filename=row.filename,
            media_type=row.media_type,
            size=row.size,
            sha256=row.sha256,
            location_removed=row.location_removed,
            added_by=row.added_by,
            added_at=row.added_at,
        )


class ReportEventOut(BaseModel):
    """One entry of the report's chained log (a note's text, a decline's reason, the case a
    decision made are in ``payload``)."""

    seq: int
    trigger: str = Field(examples=["report.noted"])
    from_status: str | None
    to_status: str
    actor_name: str
    at: datetime
    payload: dict[str, Any]
    hash: str

    @classmethod
    def of(cls, row: ReportEvent) -> ReportEventOut:
        return cls(
            seq=row.seq,
            trigger=row.trigger,
            from_status=row.from_status,
            to_status=row.to_status,
            actor_name=row.actor_name,
            at=row.created_at,
            payload=row.payload,
            hash=row.hash,
        )


class ReportOut(ReportRowOut):
    """One report whole, as the review page shows it, and what became of it."""

    what: str
    occurred_on: date | None
    people: str | None
    anonymous: bool
    reporter_name: str | None  # null when anonymous
    reporter_phone: str | None = Field(examples=["0812****7890"])  # masked
    decided_at: datetime | None
    decided_by: UUID | None
    decline_reason: str | None  # what the reporter reads on the tracking page
    case_id: UUID | None  # the case it became, or was added to
    files: list[ReportFileOut]
    history: list[ReportEventOut]

    @classmethod
    def whole(cls, review: Review) -> ReportOut:
        report = review.report
        named = not report.anonymous
        phone = report.reporter_phone if named else None
        return cls(
            **cls.fields_of(report),
            what=report.what,
            occurred_on=report.occurred_on,
            people=report.people,
            anonymous=report.anonymous,
            reporter_name=report.reporter_name if named else None,
            reporter_phone=masked(phone) if phone else None,
            decided_at=report.decided_at,
            decided_by=report.decided_by,
            decline_reason=report.decline_reason,
            case_id=report.case_id,
            files=[ReportFileOut.of(f) for f in review.files],
            history=[ReportEventOut.of(e) for e in review.history],
        )
