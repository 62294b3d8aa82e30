"""Signing a frozen agreement: a party in the officer's presence or on paper, a tokoh from
their own login (or declining, with a reason). Each decision is bound to the digest of the
exact text, with where it came from, and is a chained event of the case."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID, uuid4

from mediasi.accounts.actor import Actor
from mediasi.agreements.decisions import ClientInfo, Decision, OfficerSlot, Posted
from mediasi.agreements.models import AgreementVersion, Evidence, Signature
from mediasi.agreements.queries import NO_SIGNATORY, AgreementWork
from mediasi.agreements.rules import decline_errors, in_person_errors, valid_signatures
from mediasi.agreements.schemas import Decline, InPersonSignature, PaperSignature
from mediasi.agreements.status import BY_LOGIN, DECLINED, FROZEN, IN_PERSON, ON_PAPER, SIGNED
from mediasi.agreements.uploads import signed_scan
from mediasi.cases import kinds
from mediasi.cases.models import Case
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, Forbidden, NotFound, StaleVersion
from mediasi.i18n import _
from mediasi.uploads import UploadedFile

Person = dict[str, Any]


@dataclass(frozen=True)
class _Seat:
    """One signatory's open place on the current frozen version, who fills it, from where."""

    case: Case
    actor: Actor
    version: AgreementVersion
    person: Person
    client: ClientInfo


class SigningService(AgreementWork):
    # ---- on the officer's device -----------------------------------------------------------

    @unit_of_work
    def sign_in_person(
        self, slot: OfficerSlot, data: InPersonSignature, posted: Posted
    ) -> Signature:
        """A party without an account signs on the officer's device, in the officer's presence."""
        seat = self._officer_seat(slot, posted)
        errors = in_person_errors(data.consent, data.typed_name, seat.person["name"])
        if errors:
            raise FieldErrors(errors)
        self._record_view(seat, IN_PERSON)
        return self._decide(seat, Decision(IN_PERSON, typed_name=data.typed_name))

    @unit_of_work
    def sign_on_paper(
        self, slot: OfficerSlot, data: PaperSignature, upload: UploadedFile, posted: Posted
    ) -> Signature:
        """A party signed the printed text; the officer uploads its photo or scan."""
        seat = self._officer_seat(slot, posted)
        checked = signed_scan(
            upload,
            confirmed=data.confirm,
            unconfirmed=_("Centang pernyataan bahwa berkas ini lembar yang ditandatangani pihak."),
        )
        evidence = Evidence(
            id=uuid4(), version_id=seat.version.id, size=checked.size, **asdict(checked)
        )
        self.session.add(evidence)
        self.session.flush()  # the signature refers to the scan's row
        return self._decide(seat, Decision(ON_PAPER, evidence=evidence))

    def _officer_seat(self, slot: OfficerSlot, posted: Posted) -> _Seat:
        """The case the officer may write, and a signatory without an account yet to decide."""
        case = self.cases.writable(slot.case_id, slot.officer, posted.expected_version)
        self.queries.require_drafting(case)
        version, person = self._open_slot(case, posted.number, slot.signatory)
        if person.get("login"):
            raise Conflict(
                _(
                    "%(name)s punya akun dan menandatangani sendiri dari akunnya.",
                    name=person["name"],
                )
            )
        return _Seat(case, slot.officer, version, person, posted.client)

    # ---- from the tokoh's own login --------------------------------------------------------

    @unit_of_work
    def record_view(self, agreement_id: UUID, actor: Actor, client: ClientInfo) -> bool:
        """A tokoh opened the frozen text they must sign; recorded once per version."""
        case, state = self.queries.for_signer(agreement_id, actor)
        mine = self.queries.own_signatory(state, actor)
        if mine is None or not state.frozen or mine.viewed or mine.signature is not None:
            return False
        if not self.queries.may_draft(case):
            return False
        person = next(s for s in state.version.content["signatories"] if s["key"] == mine.key)
        self._record_view(_Seat(case, actor, state.version, person, client), BY_LOGIN)
        return True

    @unit_of_work
    def sign_as_tokoh(self, agreement_id: UUID, actor: Actor, posted: Posted) -> Signature:
        """A tokoh signs the frozen text from their own login."""
        return self._tokoh_decides(agreement_id, actor, posted, Decision(BY_LOGIN))

    @unit_of_work
    def decline_as_tokoh(
        self, agreement_id: UUID, actor: Actor, data: Decline, posted: Posted
    ) -> Signature:
        """A tokoh declines to sign, with a reason the officer reads."""
        errors = decline_errors(data.reason)
        if errors:
            raise FieldErrors(errors)
        decision = Decision(BY_LOGIN, DECLINED, reason=data.reason)
        return self._tokoh_decides(agreement_id, actor, posted, decision)

    def _tokoh_decides(
        self, agreement_id: UUID, actor: Actor, posted: Posted, decision: Decision
    ) -> Signature:
        """A tokoh's own decision, after the view it implies (recorded if not yet)."""
        seat = self._tokoh_seat(agreement_id, actor, posted)
        if seat.person["key"] not in self.lookups.viewed(seat.case.id, seat.version):
            self._record_view(seat, BY_LOGIN)  # the page's beacon did not record the reading
        return self._decide(seat, decision)

    def _tokoh_seat(self, agreement_id: UUID, actor: Actor, posted: Posted) -> _Seat:
        case, state = self.queries.for_signer(agreement_id, actor)
        if case.version != posted.expected_version:
            raise StaleVersion(case.reference, posted.expected_version, case.version)
        mine = self.queries.own_signatory(state, actor)
        if mine is None:
            # They can see the case (for_signer checked the scope): it is an action they may
            # not take, so 403, not 404.
            raise Forbidden(
                _("Anda tidak berwenang: Anda tidak termasuk penanda tangan kesepakatan ini.")
            )
        self.queries.require_drafting(case)
        version, person = self._open_slot(case, posted.number, mine.key)
        return _Seat(case, actor, version, person, posted.client)

    # ---- shared ----------------------------------------------------------------------------

    def _open_slot(
        self, case: Case, number: int, signatory: str
    ) -> tuple[AgreementVersion, Person]:
        """The current frozen version (the one the user saw) and a signatory yet to decide."""
        version = self.seen_version(case, number)
        if version.status != FROZEN:
            raise Conflict(_("Naskah ini belum dibekukan; belum dapat ditandatangani."))
        person = next(
            (s for s in version.content.get("signatories", []) if s["key"] == signatory), None
        )
        if person is None:
            raise NotFound(NO_SIGNATORY)
        decided = valid_signatures(version, self.lookups.signatures_of(version.id))
        if signatory in decided:
            raise Conflict(
                _("%(name)s sudah menandatangani versi ini.", name=person["name"])
                if decided[signatory].decision == SIGNED
                else _("%(name)s sudah menolak versi ini.", name=person["name"])
            )
        return version, person

    def _trace(self, seat: _Seat, method: str) -> dict[str, Any]:
        """What every signing event records: which text, whose slot, how and from where."""
        version, person, client = seat.version, seat.person, seat.client
        return {
            "agreement_id": str(version.agreement_id),
            "agreement_version": version.number,
            "digest": version.digest,
            "signatory": person["key"],
            "name": person["name"],
            "role": person["role"],
            "method": method,
            "ip": client.ip,
            "user_agent": client.user_agent,
        }

    def _record_view(self, seat: _Seat, method: str) -> None:
        self.cases.record(seat.case, seat.actor, kinds.AGREEMENT_VIEWED, self._trace(seat, method))

    def _decide(self, seat: _Seat, decision: Decision) -> Signature:
        version, person = seat.version, seat.person
        assert version.digest is not None
        now = self.cases.clock()
        evidence = decision.evidence
        signature = Signature(
            id=uuid4(),
            version_id=version.id,
            digest=version.digest,
            signed_at=now,
            recorded_by_id=seat.actor.id,
            signatory=person["key"],
            signer_kind=person["kind"],
            signer_role=person["role"],
            signer_name=person["name"],
            ip=seat.client.ip,
            user_agent=seat.client.user_agent,
            **decision.columns(),
        )
        self.session.add(signature)
        payload = {
            **self._trace(seat, decision.method),
            "signature_id": str(signature.id),
            "signed_at": now.isoformat(),
        }
        if evidence is not None:
            payload["evidence_sha256"] = evidence.sha256
        if decision.reason is not None:
            payload["reason"] = decision.reason
        signed = decision.decision == SIGNED
        kind = kinds.AGREEMENT_SIGNED if signed else kinds.AGREEMENT_DECLINED
        self.cases.record(seat.case, seat.actor, kind, payload)
        return signature
