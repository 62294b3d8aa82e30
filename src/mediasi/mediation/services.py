"""Sessions are scheduled by a transition's ``schedule_session`` effect and recorded afterwards.

Each change is a chained event of the case, written through the case service's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.event_model import Event
from mediasi.cases.kinds import SESSION_MOVED, SESSION_RECORDED
from mediasi.cases.models import Case
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, NotFound
from mediasi.i18n import _, joined
from mediasi.mediation.models import SCHEDULED, MediationSession
from mediasi.mediation.schemas import SessionMove, SessionRecord
from mediasi.reports.period import EARLIEST, LATEST
from mediasi.web.paging import Span
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


SCHEDULE_EFFECT = "schedule_session"


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


@dataclass(frozen=True)
class SessionChange:
    """A session as a write left it, and the case's version after it (for the next write)."""

    row: MediationSession
    case_version: int


class MediationService:
    def __init__(self, cases: CaseService) -> None:
        self.cases = cases

    @property
    def session(self) -> Session:
        return self.cases.session

    def sessions(
        self, case_id: UUID, actor: Actor, page: int
    ) -> tuple[list[MediationSession], Span]:
        """One page of the sessions of a case the actor may see, in the order they were
        scheduled for (404 outside their scope, as the case page)."""
        case = self.cases.get(case_id, actor)
        of_case = MediationSession.case_id == case.id
        total = self.session.scalar(select(func.count()).where(of_case)) or 0
        span = Span.of(total, page)
        rows = self.session.scalars(
            select(MediationSession)
            .where(of_case)
            .order_by(MediationSession.scheduled_at, MediationSession.id)
            .offset(span.offset)
            .limit(span.size)
        )
        return list(rows), span

    def one(self, case_id: UUID, session_id: UUID, actor: Actor) -> MediationSession:
        """A session of a case the actor may see; another case's session is not found here."""
        return self._of_case(self.cases.get(case_id, actor), session_id)

    @unit_of_work
    def schedule(
        self,
        case_id: UUID,
        actor: Actor,
        trigger: str | None,
        fields: dict[str, Any],
        expected_version: int,
    ) -> SessionChange:
        """Take the step of the case's workflow that schedules a session from its state (the
        page's 'Jadwalkan mediasi', 'Jadwalkan ulang' …): its roles, fields and conditions
        are the engine's, as when the step is taken on the page. ``trigger`` names the step
        where the state has more than one."""
        case = self.cases.writable(case_id, actor, expected_version)
        chosen = self._scheduling_step(case, trigger)
        self.cases.fire(case_id, chosen, actor, fields, expected_version)
        payload = self.session.scalars(
            select(Event.payload)
            .where(Event.case_id == case.id, Event.trigger == chosen)
            .order_by(Event.seq.desc())
        ).first()
        row = self._of_case(case, UUID(str((payload or {})["session_id"])))
        return SessionChange(row, case.version)

    def _scheduling_step(self, case: Case, trigger: str | None) -> str:
        steps = [
            t.trigger
            for t in self.cases.spec_of(case).transitions_from(case.state)
            if SCHEDULE_EFFECT in t.effects
        ]
        if trigger is not None:
            if trigger not in steps:
                raise FieldErrors(
                    {"trigger": _("Langkah ini tidak menjadwalkan sesi mediasi dari status ini.")}
                )
            return trigger
        if not steps:
            raise Conflict(_("Dari status perkara ini tidak ada langkah yang menjadwalkan sesi."))
        if len(steps) > 1:
            raise FieldErrors({"trigger": _("Pilih langkahnya: %(steps)s.", steps=joined(steps))})
        return steps[0]

    def _of_case(self, case: Case, session_id: UUID) -> MediationSession:
        row = self.session.get(MediationSession, session_id)
        if row is None or row.case_id != case.id:
            raise NotFound(_("Sesi mediasi tidak ditemukan."))
        return row

    def _scheduled(self, case: Case, session_id: UUID) -> MediationSession:
        row = self._of_case(case, session_id)
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
    ) -> SessionChange:
        """Move a session that has not been held to a new time or place; everyone invited is
        told (the ``session.moved`` event), and the reminder follows the new date."""
        case = self.cases.writable(case_id, actor, expected_version)
        row = self._scheduled(case, session_id)
        moved_to = _local(data.session_at, "session_at")
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
        return SessionChange(row, case.version)

    @unit_of_work
    def record(
        self,
        case_id: UUID,
        session_id: UUID,
        actor: Actor,
        data: SessionRecord,
        expected_version: int,
    ) -> SessionChange:
        """Record how a scheduled session went; a session is recorded once."""
        case = self.cases.writable(case_id, actor, expected_version)
        row = self._scheduled(case, session_id)
        held_at = _local(data.held_at, "held_at")
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
        return SessionChange(row, case.version)


def _local(moment: datetime, field: str) -> datetime:
    """A time typed into a form without a zone is the deployment's local time; refused outside
    the years the reports count (and the databases store at any offset)."""
    if not EARLIEST.year <= moment.year <= LATEST.year:
        raise FieldErrors(
            {
                field: _(
                    "Tanggal harus antara %(earliest)s dan %(latest)s.",
                    earliest=EARLIEST.isoformat(),
                    latest=LATEST.isoformat(),
                )
            }
        )
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)
