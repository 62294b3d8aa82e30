"""Handing a desa over (mutasi): one transaction that moves the desa, its open cases, and
tells both officers.

All or nothing: the desa never stands without an officer, and a handover cut short leaves
nothing behind (sending the form again does it whole). Each open case moves with a
``case.handed_over`` event, read under a row lock and written under its version lock
(``UPDATE … WHERE version = :seen`` through the mapper's ``version_id_col``): a step someone
takes on one of them meanwhile waits for the handover and is then refused as stale, so it is
never overwritten; were a case to change between read and write anyway, the version lock
refuses the whole handover with a conflict, to be sent again. The desa's holder is taken with
a row lock and compared with the one the form showed, so two supervisors cannot hand the same
desa over twice.

Scheduled sessions and pending signatures belong to the case, so they follow it to the
successor (who now holds the desa, which is what lets them see and act on it); each event and
the handover record count them. The open follow-ups the old officer set on those cases move to
the successor's list. Closed cases stay attributed to the officer who handled them.
The old officer keeps no access: an officer reads the cases of the desa they hold (the area
rule of ``cases.access``), and no rule in this deployment gives a former holder more.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, User
from mediasi.accounts.roles import Role
from mediasi.agreements.models import Agreement, AgreementVersion, Signature
from mediasi.agreements.status import FROZEN
from mediasi.cases.kinds import CASE_HANDED_OVER
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.config import Settings
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, Forbidden
from mediasi.followups.services import hand_over_follow_ups
from mediasi.handover.models import Handover
from mediasi.handover.queries import HandoverQueries
from mediasi.handover.schemas import HandoverForm
from mediasi.i18n import _
from mediasi.mediation.models import SCHEDULED, MediationSession
from mediasi.notifications import audience
from mediasi.notifications.outbox import Outbox

HANDOVER_ROLES = (Role.SUPERVISOR, Role.ADMIN)


class HandoverService:
    def __init__(self, cases: CaseService, settings: Settings) -> None:
        self.cases = cases
        self.settings = settings

    @property
    def session(self) -> Session:
        return self.cases.session

    @unit_of_work
    def hand_over(self, actor: Actor, data: HandoverForm) -> Handover:
        if actor.role not in HANDOVER_ROLES or actor.id is None:
            raise Forbidden(_("Hanya pengawas atau admin yang dapat memindahkan desa."))
        queries = HandoverQueries(self.session)
        desa = next(
            (h.desa for h in queries.desa_in_reach(actor) if h.desa.id == data.desa_id), None
        )
        if desa is None:
            raise FieldErrors({"desa_id": _("Desa ini tidak ada di wilayah Anda.")})
        successor = next(
            (u for u in queries.officers_in_reach(actor) if u.id == data.to_officer_id), None
        )
        if successor is None:
            raise FieldErrors({"to_officer_id": _("Pilih petugas di wilayah Anda.")})
        # The desa itself is locked first: a report of this desa read-locks it (CaseService.report),
        # so it comes before (its case is moved below) or after (it goes to the successor).
        self.session.get(Area, desa.id, with_for_update=True)
        holders = list(
            self.session.scalars(
                select(OfficerDesa).where(OfficerDesa.desa_id == desa.id).with_for_update()
            )
        )
        held_by = {h.user_id for h in holders}
        if held_by != ({data.from_officer_id} if data.from_officer_id else set()):
            raise Conflict(_("Petugas desa ini baru saja berubah; muat ulang halaman."))
        if successor.id in held_by:
            raise FieldErrors({"to_officer_id": _("Petugas ini sudah memegang desa ini.")})
        for holder in holders:
            self.session.delete(holder)
        self.session.add(OfficerDesa(user_id=successor.id, desa_id=desa.id))

        record = Handover(
            id=uuid4(),
            desa_id=desa.id,
            from_officer_id=data.from_officer_id,
            to_officer_id=successor.id,
            by_user_id=actor.id,
            reason=data.reason,
            cases_moved=0,
            sessions_moved=0,
            signatures_pending=0,
        )
        self.session.add(record)
        self._move_cases(record, actor, desa)
        self._tell(record, desa, successor)
        return record

    def _move_cases(self, record: Handover, actor: Actor, desa: Area) -> None:
        # Locked as read (PostgreSQL; SQLite's BEGIN IMMEDIATE already holds every writer off):
        # a step on one of them waits for the handover and then meets the moved version, so
        # it is refused as stale instead of failing the whole handover or being overwritten.
        cases = list(
            self.session.scalars(
                select(Case)
                .where(Case.desa_id == desa.id, Case.is_final.is_(False))
                .order_by(Case.reference)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        )
        ids = [c.id for c in cases]
        sessions = _scheduled_sessions(self.session, ids)
        signatures = _pending_signatures(self.session, ids)
        for case in cases:
            payload: dict[str, Any] = {
                "handover_id": str(record.id),
                "desa_id": str(desa.id),
                "from_officer_id": str(case.assigned_officer_id)
                if case.assigned_officer_id
                else None,
                "to_officer_id": str(record.to_officer_id),
                "reason": record.reason,
                "sessions": sessions[case.id],
                "signatures_pending": signatures[case.id],
            }
            case.assigned_officer_id = record.to_officer_id
            self.cases.record(case, actor, CASE_HANDED_OVER, payload)
        hand_over_follow_ups(self.session, ids, record.from_officer_id, record.to_officer_id)
        record.cases_moved = len(cases)
        record.sessions_moved = sum(sessions.values())
        record.signatures_pending = sum(signatures.values())

    def _tell(self, record: Handover, desa: Area, successor: User) -> None:
        """One message to each officer for the whole handover, not one per case."""
        outbox = Outbox(self.session, self.settings, clock=self.cases.clock)
        params = {"desa": desa.name, "count": str(record.cases_moved)}
        link = self.settings.public_url.rstrip("/") + "/"
        outbox.enqueue(
            "handover_received",
            audience.user(successor, successor.area_id),
            {**params, "link": link},
            dedupe=f"handover:{record.id}:to",
        )
        giver = self.session.get(User, record.from_officer_id) if record.from_officer_id else None
        if giver is not None and giver.is_active:
            outbox.enqueue(
                "handover_given",
                audience.user(giver, giver.area_id),
                {**params, "name": successor.full_name},
                dedupe=f"handover:{record.id}:from",
            )


def _scheduled_sessions(session: Session, case_ids: list[UUID]) -> Counter[UUID]:
    if not case_ids:
        return Counter()
    rows = session.execute(
        select(MediationSession.case_id, func.count())
        .where(MediationSession.case_id.in_(case_ids), MediationSession.status == SCHEDULED)
        .group_by(MediationSession.case_id)
    )
    return Counter({case_id: int(n) for case_id, n in rows})


def _pending_signatures(session: Session, case_ids: list[UUID]) -> Counter[UUID]:
    """Per case, the signatories of its frozen agreement who have not decided yet."""
    if not case_ids:
        return Counter()
    frozen = session.execute(
        select(AgreementVersion.id, AgreementVersion.content, Agreement.case_id)
        .join(Agreement, Agreement.id == AgreementVersion.agreement_id)
        .where(Agreement.case_id.in_(case_ids), AgreementVersion.status == FROZEN)
    ).all()
    if not frozen:
        return Counter()
    decided = Counter(
        {
            version_id: int(n)
            for version_id, n in session.execute(
                select(Signature.version_id, func.count())
                .where(Signature.version_id.in_([v for v, _, _ in frozen]))
                .group_by(Signature.version_id)
            )
        }
    )
    pending: Counter[UUID] = Counter()
    for version_id, content, case_id in frozen:
        pending[case_id] += max(0, len(content.get("signatories", [])) - decided[version_id])
    return pending
