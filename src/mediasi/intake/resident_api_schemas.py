"""What the public door's JSON calls read and answer besides the report itself: following a
report by its code, and adding files to one just made. No personal data in any answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from mediasi.intake.attachments import PER_REPORT
from mediasi.intake.models import ReportAttachment
from mediasi.intake.tracking import TrackingView
from mediasi.validation import Form, one_line
from mediasi.web.openapi_input import with_example


class TrackIn(Form):
    """A report's tracking code, and the last four digits of the reporter's phone (left out
    or empty for a report made without a name). Sent in the body, so that neither stands in a
    URL or a log."""

    model_config = with_example({"code": "LPR-7K3M-Q9XD-4F2A", "digits": "7890"})

    code: Annotated[str, one_line(40)]
    digits: Annotated[str, one_line(4)] = ""


class TrackingOut(BaseModel):
    """What the tracking page shows, in the caller's language."""

    status: str = Field(examples=["new"])  # new, accepted, merged or declined
    state: str = Field(examples=["Diterima, menunggu ditinjau petugas"])
    next_step: str | None
    submitted_at: datetime
    due_at: datetime | None  # while it waits: when an officer must have looked at it
    decided_at: datetime | None
    reason: str | None  # why it was declined

    @classmethod
    def of(cls, view: TrackingView, lang: str) -> TrackingOut:
        return cls(
            status=view.status,
            state=view.state.get(lang),
            next_step=view.next_step.get(lang) if view.next_step else None,
            submitted_at=view.submitted_at,
            due_at=view.due_at,
            decided_at=view.decided_at,
            reason=view.reason,
        )


class AttachIn(Form):
    """The ticket of ``POST /api/reports`` (good for two hours), with one file in the part
    ``files``: a JPEG, PNG or PDF of at most 5 MB, five a report; a photo loses its location."""

    model_config = with_example({"ticket": "0f3c9a7e5b2d4c1a8e6f0b9d3a7c5e21.1796000000.0a1b"})

    ticket: Annotated[str, one_line(120)]


class ResidentFileOut(BaseModel):
    filename: str = Field(examples=["patok.jpg"])
    media_type: str = Field(examples=["image/jpeg"])
    size: int
    sha256: str
    location_removed: bool  # a photo's GPS position was taken out
    added_at: datetime

    @classmethod
    def of(cls, row: ReportAttachment) -> ResidentFileOut:
        return cls(
            filename=row.filename,
            media_type=row.media_type,
            size=row.size,
            sha256=row.sha256,
            location_removed=row.location_removed,
            added_at=row.added_at,
        )


class AttachedOut(BaseModel):
    """The report's files after the addition, and a fresh ticket (two hours from now) for the
    next file, as the page signs one each time it is shown."""

    code: str = Field(examples=["LPR-7K3M-Q9XD-4F2A"])
    added: int
    files: list[ResidentFileOut]
    max_files: int = PER_REPORT
    ticket: str

    @classmethod
    def of(cls, code: str, added: int, files: list[ReportAttachment], ticket: str) -> AttachedOut:
        listed = [ResidentFileOut.of(row) for row in files]
        return cls(code=code, added=added, files=listed, ticket=ticket)
