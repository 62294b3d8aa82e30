"""What the API sends and takes for a case's follow-ups: the page's follow-up form and its
close buttons as JSON, each follow-up with who set and closed it (user ids) and when."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.followups.models import DONE, OPEN, REMOVED, FollowUp
from mediasi.web.openapi_input import Query
from mediasi.web.paging import PAGE, PageOut, PageQuery

Status = Literal["open", "done", "removed"]
STATUSES = (OPEN, DONE, REMOVED)

FOLLOW_UP_QUERY = (
    Query(
        "status",
        {"type": "string", "enum": list(STATUSES)},
        "open (by day; the default), done or removed (latest closed first).",
        example=OPEN,
    ),
    PAGE,
)


class FollowUpQuery(PageQuery):
    status: Status = "open"


class FollowUpOut(BaseModel):
    id: UUID
    case_id: UUID
    due_on: date
    due_time: time | None = Field(examples=["09:30:00"])
    note: str = Field(examples=["Telepon teradu soal patok"])
    status: str = Field(examples=["open"])  # open, done or removed
    owner_id: UUID  # whose list it is on (moves to the successor at a handover)
    set_by_id: UUID
    set_at: datetime
    closed_by_id: UUID | None
    closed_at: datetime | None

    @classmethod
    def of(cls, row: FollowUp) -> FollowUpOut:
        return cls(
            id=row.id,
            case_id=row.case_id,
            due_on=row.due_on,
            due_time=row.due_time,
            note=row.note,
            status=row.status,
            owner_id=row.owner_id,
            set_by_id=row.set_by_id,
            set_at=row.created_at,
            closed_by_id=row.closed_by_id,
            closed_at=row.closed_at,
        )


class FollowUpPageOut(PageOut):
    items: list[FollowUpOut]
