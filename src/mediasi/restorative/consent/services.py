"""Recording a victim's consent to restorative justice, apart from the agreement and before
any mediation step; and marking it withdrawn when the workflow's withdrawal step fires.

The statement is rebuilt from the case as it is now and must hash to the digest the page
showed, so the consent is bound to the exact words the victim read. Each consent is a chained
event of the case (``rj.consent_given``) recording that digest, how and from where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.agreements.decisions import ClientInfo
from mediasi.agreements.queries import NO_FILE
from mediasi.agreements.status import IN_PERSON, ON_PAPER
from mediasi.agreements.uploads import signed_scan
from mediasi.cases import kinds
from mediasi.cases.models import Case, Party
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import Conflict, FieldErrors, NotFound
from mediasi.i18n import _
from mediasi.restorative.consent.lookups import CONSENT_GUARD, consented_parties
from mediasi.restorative.consent.models import VictimConsent
from mediasi.restorative.consent.rules import (
    CaseLine,
    consent_text,
    digest_of,
    in_person_errors,
    offenders_of,
    victims_of,
)
from mediasi.restorative.consent.schemas import ConsentForm, InPersonConsent, PaperConsent
from mediasi.uploads import CheckedUpload, UploadedFile
from mediasi.workflow.engine import Fired

if TYPE_CHECKING:
    from mediasi.cases.services import CaseService

NOT_A_VICTIM = _("Korban tidak ditemukan di antara para pihak perkara ini.")
CHANGED = _(
    "Pernyataan sudah berubah sejak halaman ini dibuka (data pihak diubah). Tidak ada yang "
    "disimpan; bacakan pernyataan yang terbaru lalu coba lagi."
)


def statement(case: Case, victim: Party, parties: list[Party]) -> str:
    """The statement ``victim`` signs on ``case``, from the case's parties as they are now."""
    offenders = [p.name for p in offenders_of(parties)]
    return consent_text(CaseLine(case.reference, case.title), victim.name, offenders)


def withdraw_consent(session: Session, case: Case, fired: Fired) -> dict[str, Any]:
    """The ``withdraw_consent`` effect: every consent of the case that stands is withdrawn,
    with the step's reason; the step's event records the reason and how many there were."""
    now = case.state_entered_at  # the case service set it to the step's time
    standing = session.scalars(
        select(VictimConsent).where(
            VictimConsent.case_id == case.id, VictimConsent.withdrawn_at.is_(None)
        )
    ).all()
    for consent in standing:
        consent.withdrawn_at = now
        consent.withdrawal_reason = fired.payload["reason"]
    return {"consents_withdrawn": len(standing)}


@dataclass(frozen=True)
class VictimRow:
    """A victim of the case: their consent that stands, or the statement they would sign."""

    party: Party
    consent: VictimConsent | None
    text: str
    digest: str


@dataclass(frozen=True)
class ConsentView:
    victims: list[VictimRow]
    withdrawn: list[VictimConsent]


def consent_view(session: Session, case: Case) -> ConsentView:
    parties = list(
        session.scalars(select(Party).where(Party.case_id == case.id).order_by(Party.created_at))
    )
    consents = list(
        session.scalars(
            select(VictimConsent)
            .where(VictimConsent.case_id == case.id)
            .order_by(VictimConsent.given_at)
        )
    )
    standing = {c.party_id: c for c in consents if c.withdrawn_at is None}
    rows = []
    for victim in victims_of(parties):
        text = statement(case, victim, parties)
        rows.append(VictimRow(victim, standing.get(victim.id), text, digest_of(text)))
    return ConsentView(rows, [c for c in consents if c.withdrawn_at is not None])


@dataclass(frozen=True)
class Given:
    """A consent just recorded, and the case's version after it (for the next write)."""

    consent: VictimConsent
    case_version: int


class ConsentService:
    def __init__(self, cases: CaseService) -> None:
        self.cases = cases

    @property
    def session(self) -> Session:
        return self.cases.session

    @unit_of_work
    def give_in_person(
        self,
        case_id: UUID,
        actor: Actor,
        data: InPersonConsent,
        client: ClientInfo,
        expected_version: int,
    ) -> Given:
        """The victim signs on the officer's device, in the officer's presence."""
        case, victim, text = self._open(case_id, actor, data, expected_version)
        errors = in_person_errors(data.voluntary, data.uncoerced, data.typed_name, victim.name)
        if errors:
            raise FieldErrors(errors)
        consent = self._consent(case, actor, victim, text, client, IN_PERSON)
        consent.typed_name = data.typed_name
        return self._recorded(case, actor, consent)

    @unit_of_work
    def give_on_paper(
        self,
        case_id: UUID,
        actor: Actor,
        data: PaperConsent,
        upload: UploadedFile,
        client: ClientInfo,
        expected_version: int,
    ) -> Given:
        """The victim signed the printed statement; the officer uploads its photo or scan."""
        case, victim, text = self._open(case_id, actor, data, expected_version)
        checked = signed_scan(
            upload,
            confirmed=data.confirm,
            unconfirmed=_("Centang pernyataan bahwa berkas ini lembar yang ditandatangani korban."),
        )
        consent = self._consent(case, actor, victim, text, client, ON_PAPER)
        consent.scan_filename = checked.filename
        consent.scan_media_type = checked.media_type
        consent.scan_size = checked.size
        consent.scan_sha256 = checked.sha256
        consent.scan = checked.data
        return self._recorded(case, actor, consent)

    def state(self, case_id: UUID, actor: Actor) -> tuple[Case, ConsentView | None]:
        """The case as the actor may see it (404 outside their scope) and its victims'
        consent; None when the case's workflow asks for no consent of its own."""
        case = self.cases.get(case_id, actor)
        spec = self.cases.spec_of(case)
        if not any(CONSENT_GUARD in t.guards for t in spec.transitions):
            return case, None
        return case, consent_view(self.session, case)

    def scan(self, case_id: UUID, consent_id: UUID, actor: Actor) -> CheckedUpload:
        """The photo or scan of a paper consent of the case, for its officers and supervisors;
        anyone else who sees the case is told there is no such file."""
        case = self.cases.get(case_id, actor)
        row = self.session.get(VictimConsent, consent_id)
        if (
            actor.role not in (Role.OFFICER, Role.SUPERVISOR)
            or row is None
            or row.case_id != case.id
            or row.scan is None
            or row.scan_filename is None
            or row.scan_media_type is None
            or row.scan_sha256 is None
        ):
            raise NotFound(NO_FILE)
        return CheckedUpload(row.scan_filename, row.scan_media_type, row.scan, row.scan_sha256)

    # ---- shared ----------------------------------------------------------------------------

    def _open(
        self, case_id: UUID, actor: Actor, data: ConsentForm, expected_version: int
    ) -> tuple[Case, Party, str]:
        """A case the actor may change, whose workflow asks for consent; a victim of it who has
        not consented yet; the statement, if it is the one the page showed."""
        case = self.cases.writable(case_id, actor, expected_version)
        spec = self.cases.spec_of(case)
        if not any(CONSENT_GUARD in t.guards for t in spec.transitions):
            raise Conflict(_("Jenis perkara ini tidak meminta persetujuan korban tersendiri."))
        parties = list(self.session.scalars(select(Party).where(Party.case_id == case.id)))
        victim = next((p for p in victims_of(parties) if p.id == data.party_id), None)
        if victim is None:
            raise NotFound(NOT_A_VICTIM)
        if victim.id in consented_parties(self.session, case.id):
            raise Conflict(_("Persetujuan %(name)s sudah dicatat.", name=victim.name))
        text = statement(case, victim, parties)
        if digest_of(text) != data.digest:
            raise Conflict(CHANGED)
        return case, victim, text

    def _consent(
        self,
        case: Case,
        actor: Actor,
        victim: Party,
        text: str,
        client: ClientInfo,
        method: str,
    ) -> VictimConsent:
        return VictimConsent(
            id=uuid4(),
            case_id=case.id,
            party_id=victim.id,
            victim_name=victim.name,
            text=text,
            digest=digest_of(text),
            method=method,
            given_at=self.cases.clock(),
            recorded_by_id=actor.id,
            ip=client.ip,
            user_agent=client.user_agent,
        )

    def _recorded(self, case: Case, actor: Actor, consent: VictimConsent) -> Given:
        self.session.add(consent)
        payload: dict[str, Any] = {
            "consent_id": str(consent.id),
            "party_id": str(consent.party_id),
            "name": consent.victim_name,
            "role": "victim",
            "method": consent.method,
            "digest": consent.digest,
            "signed_at": consent.given_at.isoformat(),
            "ip": consent.ip,
            "user_agent": consent.user_agent,
        }
        if consent.scan_sha256 is not None:
            payload["evidence_sha256"] = consent.scan_sha256
        self.cases.record(case, actor, kinds.CONSENT_GIVEN, payload)
        return Given(consent, case.version)
