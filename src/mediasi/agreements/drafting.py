"""Drafting an agreement and freezing it for signing.

A draft is saved as a new numbered version (saving the same draft again changes nothing);
editing a frozen version voids its signatures. Freezing fixes the text, its SHA-256, its
verification code and who must sign it, as the workflow's signing transition declares. Every
change is a chained event of the case, checked against the case version the user saw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from mediasi.accounts.actor import Actor
from mediasi.agreements.canonical import (
    ALL_PARTIES,
    canonical_text,
    digest_of,
    verification_code,
)
from mediasi.agreements.models import Agreement, AgreementVersion, Obligation
from mediasi.agreements.queries import AgreementWork
from mediasi.agreements.rules import (
    late_articles,
    missing_roles,
    roles_in_words,
    same_draft,
    signatories_of,
    term_errors,
)
from mediasi.agreements.schemas import AgreementDraft
from mediasi.agreements.status import DRAFT, FROZEN, OPEN, SIGNED, SUPERSEDED, VOIDED
from mediasi.cases import kinds
from mediasi.cases.models import Case
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors
from mediasi.i18n import _, joined
from mediasi.workflow.durations import LOCAL_TZ

if TYPE_CHECKING:
    from datetime import date, datetime


class DraftingService(AgreementWork):
    def _today(self) -> date:
        return self.cases.clock().astimezone(LOCAL_TZ).date()

    @unit_of_work
    def save_draft(
        self, case_id: UUID, actor: Actor, data: AgreementDraft, expected_version: int
    ) -> AgreementVersion:
        """Save the draft as a new version. Editing a frozen version voids its signatures."""
        case = self.cases.writable(case_id, actor, expected_version)
        self.queries.require_drafting(case)
        parties, tokoh = self.lookups.case_people(case.id)
        errors = term_errors(data.obligations, {p["key"] for p in parties}, self._today())
        if errors:
            raise FieldErrors(errors)
        content = {
            "reference": case.reference,
            "desa": self.lookups.area_name(case.desa_id),
            "place": data.place,
            "chronology": data.chronology,
            "restitution": data.restitution,
            "parties": parties,
            "tokoh": tokoh,
            "officer": self._officer(case, actor),
        }
        names = {p["key"]: p["name"] for p in parties}
        terms = [
            {
                "position": i,
                "obligor": o.obligor,
                "obligor_name": "Para pihak" if o.obligor == ALL_PARTIES else names[o.obligor],
                "kind": o.kind,
                "description": o.description,
                "amount": o.amount,
                "instalments": o.instalments,
                "due_date": o.due_date,
            }
            for i, o in enumerate(data.obligations, start=1)
        ]
        agreement = self.lookups.agreement_of(case.id)
        previous = self.lookups.current_version(agreement) if agreement else None
        if previous is not None and same_draft(
            previous.content, self.lookups.obligations_of(previous.id), content, terms
        ):
            return previous
        if agreement is None:
            agreement = Agreement(id=uuid4(), case_id=case.id, current_number=0)
            self.session.add(agreement)
        if previous is not None:
            self._replace(case, actor, agreement, previous)
        number = (previous.number if previous else 0) + 1
        agreement.current_number = number
        version = AgreementVersion(
            id=uuid4(),
            agreement_id=agreement.id,
            number=number,
            status=DRAFT,
            content={**content, "number": number},
            drafted_by_id=actor.id,
        )
        self.session.add(version)
        for term in terms:
            self.session.add(Obligation(id=uuid4(), version_id=version.id, status=OPEN, **term))
        self.cases.record(
            case,
            actor,
            kinds.AGREEMENT_DRAFTED,
            {
                "agreement_id": str(agreement.id),
                "agreement_version": number,
                "obligations": len(terms),
            },
        )
        return version

    def _replace(
        self, case: Case, actor: Actor, agreement: Agreement, previous: AgreementVersion
    ) -> None:
        """A new version replaces ``previous``: a draft is superseded, a frozen text voided
        with every signature given on it."""
        if previous.status != FROZEN:
            previous.status = SUPERSEDED
            return
        now: datetime = self.cases.clock()
        voided = 0
        for signature in self.lookups.signatures_of(previous.id):
            if signature.voided_at is None:
                signature.voided_at = now
                voided += signature.decision == SIGNED
        previous.status = VOIDED
        previous.voided_at = now
        self.cases.record(
            case,
            actor,
            kinds.AGREEMENT_VOIDED,
            {
                "agreement_id": str(agreement.id),
                "agreement_version": previous.number,
                "signatures_voided": voided,
            },
        )

    @unit_of_work
    def freeze(
        self, case_id: UUID, actor: Actor, number: int, expected_version: int
    ) -> AgreementVersion:
        """Fix the draft's text for signing: its digest, its code and who must sign it."""
        case = self.cases.writable(case_id, actor, expected_version)
        transition = self.queries.require_drafting(case)
        version = self.seen_version(case, number)
        if version.status != DRAFT:
            raise Conflict(_("Versi ini sudah dibekukan."))
        obligations = self.lookups.obligations_of(version.id)
        if not obligations:
            raise Conflict(_("Tambahkan sedikitnya satu kewajiban sebelum naskah dibekukan."))
        today = self._today()
        late = late_articles(obligations, today)
        if late:
            raise Conflict(
                _(
                    "Tenggat kewajiban nomor %(number)s sudah lewat; ubah draf dulu.",
                    number=late[0],
                )
            )
        parties, tokoh = self.lookups.case_people(case.id)
        if parties != version.content["parties"] or tokoh != version.content["tokoh"]:
            raise Conflict(
                _(
                    "Data para pihak atau tokoh berubah sejak draf ini disimpan. Buka draf "
                    "dan simpan lagi agar naskah memuat data terbaru."
                )
            )
        assert transition.signatories is not None
        required = transition.signatories
        missing = missing_roles(parties, tokoh, required.parties, required.tokoh)
        if missing:
            raise Conflict(
                _(
                    "Penanda tangan wajib belum ada dalam perkara: %(roles)s.",
                    roles=joined(roles_in_words(missing)),
                )
            )
        signatories = signatories_of(
            parties, tokoh, required.parties, required.tokoh, self.lookups.with_login(tokoh)
        )
        content = {
            **version.content,
            "dated": today.isoformat(),
            "signatories": signatories,
            "required": {"parties": list(required.parties), "tokoh": list(required.tokoh)},
        }
        text = canonical_text(content, obligations)
        digest = digest_of(text)
        version.content = content
        version.canonical_text = text
        version.digest = digest
        version.code = verification_code(version.agreement_id, digest)
        version.status = FROZEN
        version.frozen_at = self.cases.clock()
        version.frozen_by_id = actor.id
        self.cases.record(
            case,
            actor,
            kinds.AGREEMENT_FROZEN,
            {
                "agreement_id": str(version.agreement_id),
                "agreement_version": version.number,
                "digest": digest,
                "code": version.code,
                "signatories": len(signatories),
            },
        )
        return version

    def _officer(self, case: Case, actor: Actor) -> dict[str, Any]:
        """The officer who acknowledges the agreement: the case's Bhabinkamtibmas."""
        user = self.lookups.user(case.assigned_officer_id or actor.id)
        return {
            "name": user.full_name if user else actor.name,
            "title": f"Bhabinkamtibmas {self.lookups.area_name(case.desa_id)}",
        }
