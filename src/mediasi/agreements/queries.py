"""What the pages ask of an agreement, scoped to who asks: the state of a case's agreement,
a tokoh's own signing slot, what awaits them, a paper signature's scan, and where in its
workflow a case drafts, signs and keeps its agreement."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.agreements.canonical import canonical_text
from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.models import AgreementVersion, Evidence
from mediasi.agreements.rules import (
    awaits_any,
    fully_signed,
    is_drafting,
    is_in_force,
    is_intact,
    valid_signatures,
    voided_signed,
)
from mediasi.agreements.state import AgreementState, SignatoryStatus, VoidNotice
from mediasi.agreements.status import FROZEN, VOIDED
from mediasi.cases.models import Case
from mediasi.errors import Conflict, Forbidden, NotFound
from mediasi.i18n import _, joined
from mediasi.workflow.spec import TransitionSpec

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mediasi.cases.services import CaseService

# Who works on an agreement from the officer's side (drafts, freezes, records signatures).
WORKERS = frozenset({Role.OFFICER, Role.SUPERVISOR})

NO_AGREEMENT = _("Kesepakatan tidak ditemukan.")
NO_SIGNATORY = _("Penanda tangan tidak ditemukan.")
NO_FILE = _("Berkas tidak ditemukan.")
CHANGED = _(
    "Naskah kesepakatan sudah diubah sejak halaman ini dibuka. Tidak ada "
    "yang disimpan; baca versi terbaru lalu coba lagi."
)
_NOT_IN_WORKFLOW = _("Jenis perkara ini tidak memakai kesepakatan perdamaian.")
_WRITE_ONLY = _("Hanya petugas dan pengawas yang menyusun kesepakatan.")


class AgreementQueries:
    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.lookups = AgreementLookups(cases.session)

    # ---- where the case stands -------------------------------------------------------------

    def signing_transition(self, case: Case) -> TransitionSpec | None:
        return self.cases.spec_of(case).agreement_transition()

    def may_draft(self, case: Case) -> bool:
        """The case stands where the agreement is drafted and signed (before it is agreed)."""
        transition = self.signing_transition(case)
        return transition is not None and is_drafting(transition.source, case)

    def in_force(self, case: Case) -> bool:
        """The agreement was agreed and its obligations are running."""
        transition = self.signing_transition(case)
        return transition is not None and is_in_force(transition.dest, case)

    def require_drafting(self, case: Case) -> TransitionSpec:
        transition = self.signing_transition(case)
        if transition is None:
            raise Conflict(_NOT_IN_WORKFLOW)
        if not is_drafting(transition.source, case):
            spec = self.cases.spec_of(case)
            raise Conflict(
                _(
                    "Kesepakatan disusun dan ditandatangani saat perkara berstatus '%(states)s'.",
                    states=joined(spec.states[s].label for s in transition.source),
                )
            )
        return transition

    @staticmethod
    def require_worker(actor: Actor) -> None:
        """Only officers and supervisors open the drafting and signing forms (after the case's
        scope was checked, so a case out of reach stays a 404)."""
        if actor.role not in WORKERS:
            raise Forbidden(_WRITE_ONLY)

    # ---- the agreement of a case -----------------------------------------------------------

    def state_of(self, case: Case) -> AgreementState | None:
        lookups = self.lookups
        agreement = lookups.agreement_of(case.id)
        if agreement is None:
            return None
        versions = lookups.versions_of(agreement)
        version = next(v for v in versions if v.number == agreement.current_number)
        obligations = lookups.obligations_of(version.id)
        signatures = lookups.signatures_of(version.id)
        valid = valid_signatures(version, signatures)
        viewed = lookups.viewed(case.id, version)
        frozen = version.status == FROZEN
        missing = lookups.missing_signatories(case.id, version) if frozen else []
        return AgreementState(
            agreement=agreement,
            version=version,
            versions=versions,
            obligations=obligations,
            text=(
                version.canonical_text
                if frozen and version.canonical_text is not None
                else canonical_text(version.content, obligations)
            ),
            signatories=[
                SignatoryStatus(
                    key=s["key"],
                    kind=s["kind"],
                    role=s["role"],
                    name=s["name"],
                    login=bool(s.get("login")),
                    signature=valid.get(s["key"]),
                    viewed=s["key"] in viewed,
                )
                for s in version.content.get("signatories", [])
            ],
            intact=is_intact(version, obligations) if frozen else True,
            fully_signed=fully_signed(version, obligations, signatures, missing),
            void_notice=self._void_notice(versions),
            missing_people=missing,
        )

    def _void_notice(self, versions: list[AgreementVersion]) -> VoidNotice | None:
        """The newest voided version since which no version has been fully signed."""
        voided = next((v for v in versions if v.status == VOIDED), None)
        if voided is None:
            return None
        count = voided_signed(self.lookups.signatures_of(voided.id))
        return VoidNotice(voided.number, count, voided.voided_at)

    def evidence(self, case: Case, evidence_id: UUID, actor: Actor) -> Evidence:
        """A scan of a paper signature of this case, for officers and supervisors; anyone else
        who sees the case is told there is no such file."""
        if actor.role not in WORKERS:
            raise NotFound(NO_FILE)
        row = self.lookups.scan(evidence_id)
        agreement = self.lookups.agreement_of(case.id)
        if row is None or agreement is None:
            raise NotFound(NO_FILE)
        version = self.lookups.version(row.version_id)
        if version is None or version.agreement_id != agreement.id:
            raise NotFound(NO_FILE)
        return row

    # ---- the tokoh's side ------------------------------------------------------------------

    def for_signer(self, agreement_id: UUID, actor: Actor) -> tuple[Case, AgreementState]:
        """The agreement, if the actor may see its case (a tokoh only when invited)."""
        agreement = self.lookups.agreement(agreement_id)
        if agreement is None:
            raise NotFound(NO_AGREEMENT)
        try:
            case = self.cases.get(agreement.case_id, actor)
        except NotFound:
            raise NotFound(NO_AGREEMENT) from None
        state = self.state_of(case)
        assert state is not None
        return case, state

    def own_signatory(self, state: AgreementState, actor: Actor) -> SignatoryStatus | None:
        """The signatory a tokoh's login stands for in this version, if any."""
        if actor.role != Role.TOKOH or actor.id is None:
            return None
        mine = self.lookups.tokoh_keys_of(actor.id)
        return next((s for s in state.signatories if s.key in mine), None)

    def awaiting(self, actor: Actor) -> list[tuple[Case, AgreementVersion]]:
        """Frozen versions this tokoh must still sign or decline."""
        if actor.role != Role.TOKOH or actor.id is None:
            return []
        keys = self.lookups.tokoh_keys_of(actor.id)
        if not keys:
            return []
        return [
            (case, version)
            for case, version in self.lookups.frozen_for_tokoh(actor.id)
            if self.may_draft(case)
            and awaits_any(version, self.lookups.signatures_of(version.id), keys)
        ]


class AgreementWork:
    """What every agreement service writes through: the case service (its session, clock and
    chained events) and the agreement's queries and lookups."""

    def __init__(self, cases: CaseService) -> None:
        self.cases = cases
        self.queries = AgreementQueries(cases)
        self.lookups = self.queries.lookups

    @property
    def session(self) -> Session:
        return self.cases.session

    def seen_version(self, case: Case, number: int) -> AgreementVersion:
        """The current version of the case's agreement, if it is the one the user saw."""
        agreement = self.lookups.agreement_of(case.id)
        if agreement is None:
            raise NotFound(NO_AGREEMENT)
        version = self.lookups.current_version(agreement)
        if version.number != number:
            raise Conflict(CHANGED)
        return version
