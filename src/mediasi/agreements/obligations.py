"""After the agreement: the officer marks each obligation kept, or broken (with what
happened), while the agreement is in force. A broken obligation lets the case be reopened."""

from __future__ import annotations

from uuid import UUID

from mediasi.accounts.actor import Actor
from mediasi.agreements.models import Obligation
from mediasi.agreements.queries import AgreementWork
from mediasi.agreements.rules import mark_errors, may_mark
from mediasi.agreements.schemas import ObligationMark
from mediasi.agreements.status import BROKEN, KEPT
from mediasi.cases import kinds
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, NotFound
from mediasi.i18n import _


class ObligationService(AgreementWork):
    @unit_of_work
    def mark(
        self,
        case_id: UUID,
        obligation_id: UUID,
        actor: Actor,
        data: ObligationMark,
        expected_version: int,
    ) -> Obligation:
        """The officer records that an obligation was kept, or broken (with what happened)."""
        case = self.cases.writable(case_id, actor, expected_version)
        if not self.queries.in_force(case):
            raise Conflict(
                _("Kewajiban ditandai setelah kesepakatan dicatat dan selama masih berjalan.")
            )
        version = self.lookups.current_of(case.id)
        obligation = self.lookups.obligation(obligation_id)
        if obligation is None or version is None or obligation.version_id != version.id:
            raise NotFound(_("Kewajiban tidak ditemukan."))
        if not may_mark(obligation):
            raise Conflict(
                _("Kewajiban Pasal %(number)s sudah ditandai.", number=obligation.position)
            )
        errors = mark_errors(data.status, data.note)
        if errors:
            raise FieldErrors(errors)
        obligation.status = KEPT if data.status == KEPT else BROKEN
        obligation.marked_at = self.cases.clock()
        obligation.marked_by_id = actor.id
        obligation.note = data.note
        kind = kinds.OBLIGATION_KEPT if obligation.status == KEPT else kinds.OBLIGATION_BROKEN
        self.cases.record(
            case,
            actor,
            kind,
            {
                "agreement_id": str(version.agreement_id),
                "obligation_id": str(obligation.id),
                "article": obligation.position,
                "note": data.note,
            },
        )
        return obligation
