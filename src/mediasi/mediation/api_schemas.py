"""Mediation sessions as the API sends and takes them: the page's forms plus the case version
the client saw (a stale one is a 409, nothing written)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.errors import MAX_VERSION
from mediasi.mediation.models import MediationSession
from mediasi.mediation.schemas import SessionMove, SessionRecord
from mediasi.mediation.services import SessionChange
from mediasi.validation import Form
from mediasi.web.openapi_input import with_example
from mediasi.web.paging import PageOut

Version = Field(ge=1, le=MAX_VERSION, examples=[7])


class SessionOut(BaseModel):
    id: UUID
    case_id: UUID
    scheduled_at: datetime
    place: str = Field(examples=["Balai Desa Ngadilangkung"])
    status: Literal["scheduled", "agreed", "partial", "failed", "postponed"]
    # Set once the session is recorded (null while it is still scheduled).
    held_at: datetime | None
    attendees: str | None
    minutes: str | None

    @classmethod
    def of(cls, row: MediationSession) -> SessionOut:
        return cls.model_validate(row, from_attributes=True)


class SessionPageOut(PageOut):
    items: list[SessionOut]


class SessionChangeOut(BaseModel):
    """The session as it now stands, and the case's new version for the next write."""

    session: SessionOut
    case_version: int = Field(examples=[8])

    @classmethod
    def of(cls, change: SessionChange) -> SessionChangeOut:
        return cls(session=SessionOut.of(change.row), case_version=change.case_version)


class ScheduleIn(Form):
    """Schedule a session: the fields of the case's scheduling step (``session_at``, a local
    time like ``2026-05-12T09:00`` or with its offset, and ``place``; a step may ask for more,
    see ``GET /api/cases/{id}/steps``). ``trigger`` names the step only where the case's state
    has more than one that schedules."""

    model_config = with_example(
        {
            "version": 7,
            "fields": {"session_at": "2026-05-12T09:00", "place": "Balai desa"},
        }
    )

    version: int = Version
    trigger: str | None = Field(default=None, max_length=60, examples=["reschedule"])
    fields: dict[str, Any] = Field(default_factory=dict, max_length=50)


class RecordIn(SessionRecord):
    """How a scheduled session went; ``held_at`` not in the future (a time without an offset
    is local time)."""

    model_config = with_example(
        {
            "version": 8,
            "outcome": "failed",
            "held_at": "2026-05-12T09:00",
            "attendees": "Pelapor, terlapor, KH. Abdul Rohman",
            "minutes": "Terlapor belum bersedia mengembalikan patok.",
        }
    )

    version: int = Version


class MoveIn(SessionMove):
    """Move a session not yet held to a later time or another place; everyone invited is told."""

    model_config = with_example({"version": 8, "session_at": "2026-05-19T09:00", "place": "Masjid"})

    version: int = Version
