"""Setting a follow-up on a case, closing it (done or removed); and handing them over.

A follow-up is the officer's own note of what to do next and when; it is no step of the case
(see :class:`~mediasi.followups.models.FollowUp`). Who may change the case may set one, and
close one on it; a closed case keeps its follow-ups, and may still have them closed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from uuid import UUID

from sqlalchemy import update
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.history import case_zone
from mediasi.cases.queries import CaseQueries
from mediasi.cases.services import CaseService
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, Forbidden, NotFound
from mediasi.followups.models import OPEN, FollowUp
from mediasi.followups.queries import STAFF, with_status
from mediasi.followups.schemas import CloseForm, FollowUpForm
from mediasi.i18n import _

# How far ahead a follow-up may be set: a year is already more than a case should wait.
MAX_DAYS_AHEAD = 366
# The system (the deadline scanner) writes cases but keeps no follow-ups: they are a person's.
_OWN = _("Tindak lanjut hanya untuk petugas dan pengawas perkara ini.")


class FollowUpService:
    def __init__(self, cases: CaseService) -> None:
        self.cases = cases

    @property
    def session(self) -> Session:
        return self.cases.session

    def of_case(self, case_id: UUID, actor: Actor, status: str) -> list[FollowUp]:
        """The case's follow-ups of ``status``, for the staff who may see the case (a tokoh or
        a party keeps none: 403)."""
        case = self.cases.get(case_id, actor)
        if actor.role not in STAFF:
            raise Forbidden(_OWN)
        return with_status(self.session, case.id, status)

    @unit_of_work
    def add(self, case_id: UUID, actor: Actor, data: FollowUpForm) -> FollowUp:
        case = self.cases.writable(case_id, actor, None)
        if actor.id is None:
            raise Forbidden(_OWN)
        today = self.cases.clock().astimezone(case_zone(CaseQueries(self.session), case)).date()
        if data.due_on < today:
            raise FieldErrors({"due_on": _("Tanggal sudah lewat; pilih hari ini atau sesudahnya.")})
        if data.due_on > today + timedelta(days=MAX_DAYS_AHEAD):
            raise FieldErrors({"due_on": _("Paling jauh satu tahun dari hari ini.")})
        follow_up = FollowUp(
            case_id=case.id,
            owner_id=actor.id,
            set_by_id=actor.id,
            due_on=data.due_on,
            due_time=data.due_time,
            note=data.note,
            status=OPEN,
        )
        self.session.add(follow_up)
        self.session.flush()
        return follow_up

    @unit_of_work
    def close(self, case_id: UUID, follow_up_id: UUID, actor: Actor, data: CloseForm) -> FollowUp:
        """Done or removed, once: who closed it and when are kept."""
        case = self.cases.get(case_id, actor)
        self.cases.require_writer(case, actor)
        follow_up = self.session.get(FollowUp, follow_up_id, with_for_update=True)
        if follow_up is None or follow_up.case_id != case.id:
            raise NotFound(_("Tindak lanjut tidak ditemukan."))
        if follow_up.status != OPEN:
            raise Conflict(_("Tindak lanjut ini sudah ditutup; muat ulang halaman."))
        follow_up.status = data.outcome
        follow_up.closed_at = self.cases.clock()
        follow_up.closed_by_id = actor.id
        self.session.flush()
        return follow_up


def hand_over_follow_ups(
    session: Session, case_ids: Iterable[UUID], from_officer_id: UUID | None, to_officer_id: UUID
) -> None:
    """The open follow-ups the giving officer keeps on the moved cases go to the successor (a
    supervisor's own stay theirs)."""
    ids = list(case_ids)
    if from_officer_id is None or not ids:
        return
    session.execute(
        update(FollowUp)
        .where(
            FollowUp.case_id.in_(ids),
            FollowUp.owner_id == from_officer_id,
            FollowUp.status == OPEN,
        )
        .values(owner_id=to_officer_id)
        .execution_options(synchronize_session=False)
    )
