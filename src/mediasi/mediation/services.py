"""Sessions are scheduled by a transition's ``schedule_session`` effect and recorded afterwards.

Each change is a chained event of the case, written through the case service's transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.kinds import SESSION_MOVED, SESSION_RECORDED
from mediasi.cases.models import Case
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, NotFound
from mediasi.i18n import _
from mediasi.mediation.models import SCHEDULED, MediationSession
from mediasi.mediation.schemas import SessionMove, SessionRecord
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.engine import Fired

if TYPE_CHECKING:
    from mediasi.cases.services import CaseService


def sessions_of(session: Session, case_id: UUID) -> list[MediationSession]:
    return list(
        session.scalars(
            select(MediationSession)
            .where(MediationSession.case_id == case_id)
            .order_by(MediationSession.scheduled_at)
        )
    )


def schedule_session(session: Session, case: Case, fired: Fired) -> dict[str, Any]:
    """The ``schedule_session`` effect: the transition's session_at and place become a session.

    Returns what the event records of it (the new session's id)."""
    row = MediationSession(
        id=uuid4(),
        case_id=case.id,
        scheduled_at=datetime.fromisoformat(fired.payload["session_at"]),
        place=fired.payload["place"],
        status=SCHEDULED,
    )
    session.add(row)
    return {"session_id": str(row.id)}


class MediationService:
    def __init__(self, cases: CaseService) -> None:
        self.cases = cases

    @property
    def session(self) -> Session:
        return self.cases.session

    def _scheduled(self, case: Case, session_id: UUID) -> MediationSession:
        row = self.session.get(MediationSession, session_id)
        if row is None or row.case_id != case.id:
            raise NotFound(_("Sesi mediasi tidak ditemukan."))
        if row.status != SCHEDULED:
            raise Conflict(_("Sesi ini sudah dicatat."))
        return row

    @unit_of_work
    def move(
        self,
        case_id: UUID,
        session_id: UUID,
        actor: Actor,
        data: SessionMove,
        expected_version: int,
    ) -> MediationSession:
        """Move a session that has not been held to a new time or place; everyone invited is
        told (the ``session.moved`` event), and the reminder follows the new date."""
        case = self.cases.writable(case_id, actor, expected_version)
        row = self._scheduled(case, session_id)
        moved_to = _local(data.session_at)
        if moved_to == row.scheduled_at and data.place == row.place:
            raise FieldErrors({"session_at": _("Waktu dan tempat sama dengan jadwal sekarang.")})
        if moved_to <= self.cases.clock():
            raise FieldErrors({"session_at": _("Waktu sesi yang baru harus nanti, bukan lampau.")})
        previous_at, previous_place = row.scheduled_at, row.place
        row.scheduled_at = moved_to
        row.place = data.place
        self.cases.record(
            case,
            actor,
            SESSION_MOVED,
            {
                "session_id": str(row.id),
                "session_at": moved_to.isoformat(timespec="minutes"),
                "place": data.place,
                "previous_at": previous_at.isoformat(timespec="minutes"),
                "previous_place": previous_place,
            },
        )
        return row

    @unit_of_work
    def record(
        self,
        case_id: UUID,
        session_id: UUID,
        actor: Actor,
        data: SessionRecord,
        expected_version: int,
    ) -> MediationSession:
        """Record how a scheduled session went; a session is recorded once."""
        case = self.cases.writable(case_id, actor, expected_version)
        row = self._scheduled(case, session_id)
        held_at = _local(data.held_at)
        if held_at > self.cases.clock():
            raise FieldErrors({"held_at": _("Waktu sesi belum terjadi.")})
        row.status = data.outcome
        row.held_at = held_at
        row.attendees = data.attendees
        row.minutes = data.minutes
        self.cases.record(
            case,
            actor,
            SESSION_RECORDED,
            {
                "session_id": str(row.id),
                "outcome": data.outcome,
                "held_at": held_at.isoformat(timespec="minutes"),
                "attendees": data.attendees,
                "minutes": data.minutes,
            },
        )
        return row


def _local(moment: datetime) -> datetime:
    """A time typed into a form without a zone is the deployment's local time."""
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)
