"""The life of an agreement: drafted, frozen, signed or declined, voided by an edit, kept.

Every change goes through the case service as a chained event of the case, in the same
transaction, checked against the case version the user saw. Who must sign is declared by the
workflow file (``signatories`` on the transition that needs the agreement) and fixed, with
the text, when the officer freezes a version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, Tokoh, User
from mediasi.accounts.roles import Role
from mediasi.agreements.canonical import (
    ALL_PARTIES,
    canonical_text,
    digest_of,
    verification_code,
)
from mediasi.agreements.models import (
    BROKEN,
    BY_LOGIN,
    DECLINED,
    DRAFT,
    FROZEN,
    IN_PERSON,
    KEPT,
    ON_PAPER,
    OPEN,
    SIGNED,
    SUPERSEDED,
    VOIDED,
    Agreement,
    AgreementVersion,
    Evidence,
    Obligation,
    Signature,
)
from mediasi.agreements.schemas import (
    AgreementDraft,
    Decline,
    InPersonSignature,
    ObligationMark,
    PaperSignature,
)
from mediasi.agreements.uploads import check_upload
from mediasi.cases import kinds as events
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, CaseTokoh, Party
from mediasi.errors import Conflict, FieldErrors, Forbidden, NotFound, StaleVersion
from mediasi.i18n import Translatable, _, joined
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.spec import TransitionSpec

if TYPE_CHECKING:
    from mediasi.cases.services import CaseService

MAX_USER_AGENT = 300
MIN_REASON = 5

_NO_AGREEMENT = _("Kesepakatan tidak ditemukan.")
_NOT_IN_WORKFLOW = _("Jenis perkara ini tidak memakai kesepakatan perdamaian.")
_CHANGED = _(
    "Naskah kesepakatan sudah diubah sejak halaman ini dibuka. Tidak ada "
    "yang disimpan; baca versi terbaru lalu coba lagi."
)


@dataclass(frozen=True)
class ClientInfo:
    """Where a signature came from: the client's address and browser, as the server saw them."""

    ip: str
    user_agent: str

    @classmethod
    def of(cls, ip: str | None, user_agent: str | None) -> ClientInfo:
        return cls((ip or "unknown")[:64], (user_agent or "unknown")[:MAX_USER_AGENT])


@dataclass(frozen=True)
class UploadedFile:
    filename: str | None
    data: bytes | None


@dataclass(frozen=True)
class SignatoryStatus:
    """One required signatory of a frozen version and where they stand."""

    key: str
    kind: str
    role: str
    name: str
    login: bool
    signature: Signature | None
    viewed: bool

    @property
    def signed(self) -> bool:
        return self.signature is not None and self.signature.decision == SIGNED

    @property
    def declined(self) -> bool:
        return self.signature is not None and self.signature.decision == DECLINED


@dataclass(frozen=True)
class VoidNotice:
    """An earlier frozen version was edited: its signatures no longer count."""

    number: int
    signatures: int
    voided_at: Any


@dataclass(frozen=True)
class AgreementState:
    """Everything a page shows of a case's agreement."""

    agreement: Agreement
    version: AgreementVersion
    versions: list[AgreementVersion]
    obligations: list[Obligation]
    text: str
    signatories: list[SignatoryStatus]
    intact: bool
    fully_signed: bool
    void_notice: VoidNotice | None
    missing_people: list[str]

    @property
    def frozen(self) -> bool:
        return self.version.status == FROZEN

    @property
    def broken(self) -> list[Obligation]:
        return [o for o in self.obligations if o.status == BROKEN]


def same_name(typed: str, name: str) -> bool:
    """Names match whatever the case and the spacing."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


def agreement_of(session: Session, case_id: UUID) -> Agreement | None:
    return session.scalars(select(Agreement).where(Agreement.case_id == case_id)).one_or_none()


def current_version(session: Session, agreement: Agreement) -> AgreementVersion:
    return session.scalars(
        select(AgreementVersion).where(
            AgreementVersion.agreement_id == agreement.id,
            AgreementVersion.number == agreement.current_number,
        )
    ).one()


def obligations_of(session: Session, version_id: UUID) -> list[Obligation]:
    return list(
        session.scalars(
            select(Obligation)
            .where(Obligation.version_id == version_id)
            .order_by(Obligation.position)
        )
    )


def signatures_of(session: Session, version_id: UUID) -> list[Signature]:
    return list(
        session.scalars(
            select(Signature)
            .where(Signature.version_id == version_id)
            .order_by(Signature.signed_at)
        )
    )


def is_intact(version: AgreementVersion, obligations: list[Obligation]) -> bool:
    """The stored text and the text rebuilt from the stored content both match the digest."""
    if version.digest is None or version.canonical_text is None:
        return False
    rebuilt = canonical_text(version.content, obligations)
    return digest_of(version.canonical_text) == version.digest == digest_of(rebuilt)


def valid_signatures(
    version: AgreementVersion, signatures: list[Signature]
) -> dict[str, Signature]:
    """The decisions that count on this version, by signatory key."""
    return {
        s.signatory: s for s in signatures if s.voided_at is None and s.digest == version.digest
    }


def _case_people(
    session: Session, case_id: UUID
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The parties and tokoh of a case as the agreement text records them."""
    parties = [
        {
            "key": f"party:{p.id}",
            "role": p.role,
            "name": p.name,
            "nik": p.nik,
            "address": p.address,
        }
        for p in session.scalars(
            select(Party).where(Party.case_id == case_id).order_by(Party.created_at, Party.id)
        )
    ]
    tokoh = [
        {"key": f"tokoh:{t.id}", "role": link.role, "name": t.name, "title": t.title}
        for link, t in session.execute(
            select(CaseTokoh, Tokoh)
            .join(Tokoh, Tokoh.id == CaseTokoh.tokoh_id)
            .where(CaseTokoh.case_id == case_id)
            .order_by(CaseTokoh.created_at, CaseTokoh.id)
        )
    ]
    return parties, tokoh


def missing_signatories(session: Session, case: Case, version: AgreementVersion) -> list[str]:
    """People of the case in a required role whom the frozen text does not name (added later)."""
    required = version.content.get("required") or {}
    keys = {s["key"] for s in version.content.get("signatories", [])}
    parties, tokoh = _case_people(session, case.id)
    return [
        p["name"]
        for p in parties
        if p["role"] in required.get("parties", []) and p["key"] not in keys
    ] + [
        t["name"] for t in tokoh if t["role"] in required.get("tokoh", []) and t["key"] not in keys
    ]


def fully_signed(
    session: Session,
    case: Case,
    version: AgreementVersion,
    obligations: list[Obligation],
    signatures: list[Signature],
) -> bool:
    """Frozen, unchanged, signed by every required signatory on this digest, nobody left out,
    and not broken (a broken agreement must be redrafted before the case can agree again)."""
    if version.status != FROZEN or not is_intact(version, obligations):
        return False
    valid = valid_signatures(version, signatures)
    everyone = all(
        key in valid and valid[key].decision == SIGNED
        for key in (s["key"] for s in version.content.get("signatories", []))
    )
    unbroken = all(o.status != BROKEN for o in obligations)
    return everyone and unbroken and not missing_signatories(session, case, version)


def agreement_facts(session: Session, case: Case) -> dict[str, Any]:
    """What guards know of the agreement: fully signed, open and broken obligations."""
    facts: dict[str, Any] = {
        "agreement_fully_signed": False,
        "open_obligations": 0,
        "broken_obligations": 0,
    }
    agreement = agreement_of(session, case.id)
    if agreement is None:
        return facts
    version = current_version(session, agreement)
    if version.status != FROZEN:
        return facts
    obligations = obligations_of(session, version.id)
    facts["open_obligations"] = sum(1 for o in obligations if o.status == OPEN)
    facts["broken_obligations"] = sum(1 for o in obligations if o.status == BROKEN)
    facts["agreement_fully_signed"] = fully_signed(
        session, case, version, obligations, signatures_of(session, version.id)
    )
    return facts


class AgreementService:
    def __init__(self, cases: CaseService) -> None:
        self.cases = cases

    @property
    def session(self) -> Session:
        return self.cases.session

    # ---- reads -------------------------------------------------------------------------

    def signing_transition(self, case: Case) -> TransitionSpec | None:
        return self.cases.spec_of(case).agreement_transition()

    def may_draft(self, case: Case) -> bool:
        """The case stands where the agreement is drafted and signed (before it is agreed)."""
        transition = self.signing_transition(case)
        return transition is not None and not case.is_final and case.state in transition.source

    def in_force(self, case: Case) -> bool:
        """The agreement was agreed and its obligations are running."""
        transition = self.signing_transition(case)
        return transition is not None and case.state == transition.dest and not case.is_final

    def state_of(self, case: Case) -> AgreementState | None:
        agreement = agreement_of(self.session, case.id)
        if agreement is None:
            return None
        versions = list(
            self.session.scalars(
                select(AgreementVersion)
                .where(AgreementVersion.agreement_id == agreement.id)
                .order_by(AgreementVersion.number.desc())
            )
        )
        version = next(v for v in versions if v.number == agreement.current_number)
        obligations = obligations_of(self.session, version.id)
        signatures = signatures_of(self.session, version.id)
        valid = valid_signatures(version, signatures)
        viewed = self._viewed(case, version)
        signatories = [
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
        ]
        frozen = version.status == FROZEN
        text = (
            version.canonical_text
            if frozen and version.canonical_text is not None
            else canonical_text(version.content, obligations)
        )
        return AgreementState(
            agreement=agreement,
            version=version,
            versions=versions,
            obligations=obligations,
            text=text,
            signatories=signatories,
            intact=is_intact(version, obligations) if frozen else True,
            fully_signed=fully_signed(self.session, case, version, obligations, signatures),
            void_notice=self._void_notice(versions, version),
            missing_people=missing_signatories(self.session, case, version) if frozen else [],
        )

    def _void_notice(
        self, versions: list[AgreementVersion], current: AgreementVersion
    ) -> VoidNotice | None:
        """The newest voided version since which no version has been fully signed."""
        voided = next((v for v in versions if v.status == VOIDED), None)
        if voided is None:
            return None
        count = len(
            [
                s
                for s in signatures_of(self.session, voided.id)
                if s.decision == SIGNED and s.voided_at is not None
            ]
        )
        return VoidNotice(voided.number, count, voided.voided_at)

    def _viewed(self, case: Case, version: AgreementVersion) -> set[str]:
        """The signatories who opened this version (from the case's events)."""
        rows = self.session.scalars(
            select(Event.payload).where(
                Event.case_id == case.id, Event.trigger == events.AGREEMENT_VIEWED
            )
        )
        return {
            str(p.get("signatory"))
            for p in rows
            if p.get("agreement_version") == version.number and p.get("digest") == version.digest
        }

    def for_signer(self, agreement_id: UUID, actor: Actor) -> tuple[Case, AgreementState]:
        """The agreement, if the actor may see its case (a tokoh only when invited)."""
        agreement = self.session.get(Agreement, agreement_id)
        if agreement is None:
            raise NotFound(_NO_AGREEMENT)
        try:
            case = self.cases.get(agreement.case_id, actor)
        except NotFound:
            raise NotFound(_NO_AGREEMENT) from None
        state = self.state_of(case)
        assert state is not None
        return case, state

    def own_signatory(self, state: AgreementState, actor: Actor) -> SignatoryStatus | None:
        """The signatory a tokoh's login stands for in this version, if any."""
        if actor.role != Role.TOKOH or actor.id is None:
            return None
        mine = {
            f"tokoh:{tokoh_id}"
            for tokoh_id in self.session.scalars(select(Tokoh.id).where(Tokoh.user_id == actor.id))
        }
        return next((s for s in state.signatories if s.key in mine), None)

    def awaiting(self, actor: Actor) -> list[tuple[Case, AgreementVersion]]:
        """Frozen versions this tokoh must still sign or decline."""
        if actor.role != Role.TOKOH or actor.id is None:
            return []
        tokoh_ids = list(self.session.scalars(select(Tokoh.id).where(Tokoh.user_id == actor.id)))
        if not tokoh_ids:
            return []
        keys = {f"tokoh:{t}" for t in tokoh_ids}
        rows = self.session.execute(
            select(Case, AgreementVersion)
            .join(Agreement, Agreement.case_id == Case.id)
            .join(
                AgreementVersion,
                (AgreementVersion.agreement_id == Agreement.id)
                & (AgreementVersion.number == Agreement.current_number),
            )
            .join(CaseTokoh, CaseTokoh.case_id == Case.id)
            .where(
                CaseTokoh.tokoh_id.in_(tokoh_ids),
                AgreementVersion.status == FROZEN,
                Case.is_final.is_(False),
            )
            .order_by(AgreementVersion.frozen_at)
        )
        out = []
        for case, version in rows:
            if not self.may_draft(case):
                continue
            wanted = [s["key"] for s in version.content.get("signatories", []) if s["key"] in keys]
            decided = valid_signatures(version, signatures_of(self.session, version.id))
            if any(key not in decided for key in wanted):
                out.append((case, version))
        return out

    def evidence(self, case: Case, evidence_id: UUID) -> Evidence:
        """A scan of a paper signature of this case."""
        row = self.session.get(Evidence, evidence_id)
        agreement = agreement_of(self.session, case.id)
        if row is None or agreement is None:
            raise NotFound(_("Berkas tidak ditemukan."))
        version = self.session.get(AgreementVersion, row.version_id)
        if version is None or version.agreement_id != agreement.id:
            raise NotFound(_("Berkas tidak ditemukan."))
        return row

    # ---- drafting and freezing -----------------------------------------------------------

    def save_draft(
        self, case_id: UUID, actor: Actor, data: AgreementDraft, expected_version: int
    ) -> AgreementVersion:
        """Save the draft as a new version. Editing a frozen version voids its signatures."""
        case = self.cases.writable(case_id, actor, expected_version)
        self._require_drafting(case)
        parties, tokoh = _case_people(self.session, case.id)
        self._check_terms(data, {p["key"]: p for p in parties})
        content = {
            "reference": case.reference,
            "desa": self._desa_name(case),
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
        agreement = agreement_of(self.session, case.id)
        previous = current_version(self.session, agreement) if agreement else None
        if previous is not None and self._same(previous, content, terms):
            return previous
        now = self.cases.clock()
        if agreement is None:
            agreement = Agreement(id=uuid4(), case_id=case.id, current_number=0)
            self.session.add(agreement)
        if previous is not None:
            if previous.status == FROZEN:
                voided = 0
                for signature in signatures_of(self.session, previous.id):
                    if signature.voided_at is None:
                        signature.voided_at = now
                        voided += signature.decision == SIGNED
                previous.status = VOIDED
                previous.voided_at = now
                self.cases.record(
                    case,
                    actor,
                    events.AGREEMENT_VOIDED,
                    {
                        "agreement_id": str(agreement.id),
                        "agreement_version": previous.number,
                        "signatures_voided": voided,
                    },
                )
            else:
                previous.status = SUPERSEDED
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
            events.AGREEMENT_DRAFTED,
            {
                "agreement_id": str(agreement.id),
                "agreement_version": number,
                "obligations": len(terms),
            },
        )
        return version

    def freeze(
        self, case_id: UUID, actor: Actor, number: int, expected_version: int
    ) -> AgreementVersion:
        """Fix the draft's text for signing: its digest, its code and who must sign it."""
        case = self.cases.writable(case_id, actor, expected_version)
        transition = self._require_drafting(case)
        agreement = agreement_of(self.session, case.id)
        if agreement is None:
            raise NotFound(_NO_AGREEMENT)
        version = current_version(self.session, agreement)
        if version.number != number:
            raise Conflict(_CHANGED)
        if version.status != DRAFT:
            raise Conflict(_("Versi ini sudah dibekukan."))
        obligations = obligations_of(self.session, version.id)
        if not obligations:
            raise Conflict(_("Tambahkan sedikitnya satu kewajiban sebelum naskah dibekukan."))
        today = self.cases.clock().astimezone(LOCAL_TZ).date()
        late = [o.position for o in obligations if o.due_date < today]
        if late:
            raise Conflict(
                _(
                    "Tenggat kewajiban nomor %(number)s sudah lewat; ubah draf dulu.",
                    number=late[0],
                )
            )
        parties, tokoh = _case_people(self.session, case.id)
        if parties != version.content["parties"] or tokoh != version.content["tokoh"]:
            raise Conflict(
                _(
                    "Data para pihak atau tokoh berubah sejak draf ini disimpan. Buka draf "
                    "dan simpan lagi agar naskah memuat data terbaru."
                )
            )
        assert transition.signatories is not None
        required = transition.signatories
        signatories = self._signatories(parties, tokoh, required.parties, required.tokoh)
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
        version.code = verification_code(agreement.id, digest)
        version.status = FROZEN
        version.frozen_at = self.cases.clock()
        version.frozen_by_id = actor.id
        self.cases.record(
            case,
            actor,
            events.AGREEMENT_FROZEN,
            {
                "agreement_id": str(agreement.id),
                "agreement_version": version.number,
                "digest": digest,
                "code": version.code,
                "signatories": len(signatories),
            },
        )
        return version

    def _signatories(
        self,
        parties: list[dict[str, Any]],
        tokoh: list[dict[str, Any]],
        party_roles: list[str],
        tokoh_roles: list[str],
    ) -> list[dict[str, Any]]:
        missing = [r for r in party_roles if not any(p["role"] == r for p in parties)]
        missing += [r for r in tokoh_roles if not any(t["role"] == r for t in tokoh)]
        if missing:
            words: dict[str, Translatable] = {
                "complainant": _("pelapor"),
                "respondent": _("terlapor"),
                "victim": _("korban"),
                "witness": _("saksi"),
                "mediator": _("tokoh mediator"),
            }
            raise Conflict(
                _(
                    "Penanda tangan wajib belum ada dalam perkara: %(roles)s.",
                    roles=joined(words.get(r, r) for r in missing),
                )
            )
        with_login = {
            f"tokoh:{tokoh_id}"
            for tokoh_id in self.session.scalars(
                select(Tokoh.id).where(
                    Tokoh.id.in_([UUID(t["key"].split(":", 1)[1]) for t in tokoh]),
                    Tokoh.user_id.is_not(None),
                )
            )
        }
        return [
            {"key": p["key"], "kind": "party", "role": p["role"], "name": p["name"], "login": False}
            for p in parties
            if p["role"] in party_roles
        ] + [
            {
                "key": t["key"],
                "kind": "tokoh",
                "role": t["role"],
                "name": t["name"],
                "login": t["key"] in with_login,
            }
            for t in tokoh
            if t["role"] in tokoh_roles
        ]

    # ---- signing ---------------------------------------------------------------------------

    def sign_in_person(
        self,
        case_id: UUID,
        signatory: str,
        actor: Actor,
        data: InPersonSignature,
        number: int,
        expected_version: int,
        client: ClientInfo,
    ) -> Signature:
        """A party without an account signs on the officer's device, in the officer's presence."""
        case = self.cases.writable(case_id, actor, expected_version)
        self._require_drafting(case)
        version, person = self._open_slot(case, number, signatory)
        self._require_officer_method(person)
        errors: dict[str, Translatable] = {}
        if not data.consent:
            errors["consent"] = _(
                "Centang pernyataan bahwa pihak telah membaca dan menyetujui naskah."
            )
        if not data.typed_name:
            errors["typed_name"] = _("Pihak mengetik namanya sendiri.")
        elif not same_name(data.typed_name, person["name"]):
            errors["typed_name"] = _(
                "Nama yang diketik tidak sama dengan nama dalam naskah (%(name)s).",
                name=person["name"],
            )
        if errors:
            raise FieldErrors(errors)
        self._record_view(case, actor, version, person, IN_PERSON, client)
        return self._decide(
            case,
            actor,
            version,
            person,
            IN_PERSON,
            SIGNED,
            client,
            typed_name=data.typed_name,
        )

    def sign_on_paper(
        self,
        case_id: UUID,
        signatory: str,
        actor: Actor,
        data: PaperSignature,
        upload: UploadedFile,
        number: int,
        expected_version: int,
        client: ClientInfo,
    ) -> Signature:
        """A party signed the printed text; the officer uploads its photo or scan."""
        case = self.cases.writable(case_id, actor, expected_version)
        self._require_drafting(case)
        version, person = self._open_slot(case, number, signatory)
        self._require_officer_method(person)
        errors: dict[str, Translatable] = {}
        if not data.confirm:
            errors["confirm"] = _(
                "Centang pernyataan bahwa berkas ini lembar yang ditandatangani pihak."
            )
        try:
            checked = check_upload(upload.filename, upload.data)
        except FieldErrors as exc:
            errors.update(exc.errors)
        if errors:
            raise FieldErrors(errors)
        evidence = Evidence(
            id=uuid4(),
            version_id=version.id,
            filename=checked.filename,
            media_type=checked.media_type,
            size=checked.size,
            sha256=checked.sha256,
            data=checked.data,
        )
        self.session.add(evidence)
        self.session.flush()  # the signature refers to the scan's row
        return self._decide(
            case,
            actor,
            version,
            person,
            ON_PAPER,
            SIGNED,
            client,
            evidence=evidence,
        )

    def record_view(self, agreement_id: UUID, actor: Actor, client: ClientInfo) -> bool:
        """A tokoh opened the frozen text they must sign; recorded once per version."""
        case, state = self.for_signer(agreement_id, actor)
        mine = self.own_signatory(state, actor)
        if mine is None or not state.frozen or mine.viewed or mine.signature is not None:
            return False
        if not self.may_draft(case):
            return False
        self._record_view(
            case, actor, state.version, self._person(state, mine.key), BY_LOGIN, client
        )
        return True

    def sign_as_tokoh(
        self,
        agreement_id: UUID,
        actor: Actor,
        number: int,
        expected_version: int,
        client: ClientInfo,
    ) -> Signature:
        """A tokoh signs the frozen text from their own login."""
        case, version, person = self._tokoh_slot(agreement_id, actor, number, expected_version)
        if person["key"] not in self._viewed(case, version):
            self._record_view(case, actor, version, person, BY_LOGIN, client)
        return self._decide(case, actor, version, person, BY_LOGIN, SIGNED, client)

    def decline_as_tokoh(
        self,
        agreement_id: UUID,
        actor: Actor,
        data: Decline,
        number: int,
        expected_version: int,
        client: ClientInfo,
    ) -> Signature:
        """A tokoh declines to sign, with a reason the officer reads."""
        if len((data.reason or "").strip()) < MIN_REASON:
            raise FieldErrors(
                {
                    "reason": _(
                        "Tuliskan alasan penolakan dengan jelas (sedikitnya %(n)s huruf).",
                        n=MIN_REASON,
                    )
                }
            )
        case, version, person = self._tokoh_slot(agreement_id, actor, number, expected_version)
        if person["key"] not in self._viewed(case, version):
            self._record_view(case, actor, version, person, BY_LOGIN, client)
        return self._decide(
            case, actor, version, person, BY_LOGIN, DECLINED, client, reason=data.reason
        )

    def _tokoh_slot(
        self, agreement_id: UUID, actor: Actor, number: int, expected_version: int
    ) -> tuple[Case, AgreementVersion, dict[str, Any]]:
        case, state = self.for_signer(agreement_id, actor)
        if case.version != expected_version:
            raise StaleVersion(case.reference, expected_version, case.version)
        mine = self.own_signatory(state, actor)
        if mine is None:
            # They can see the case (for_signer checked the scope): it is an action they may
            # not take, so 403, not 404.
            raise Forbidden(
                _("Anda tidak berwenang: Anda tidak termasuk penanda tangan kesepakatan ini.")
            )
        self._require_drafting(case)
        version, person = self._open_slot(case, number, mine.key)
        return case, version, person

    def _person(self, state: AgreementState, key: str) -> dict[str, Any]:
        return next(s for s in state.version.content.get("signatories", []) if s["key"] == key)

    def _open_slot(
        self, case: Case, number: int, signatory: str
    ) -> tuple[AgreementVersion, dict[str, Any]]:
        """The current frozen version (the one the user saw) and a signatory yet to decide."""
        agreement = agreement_of(self.session, case.id)
        if agreement is None:
            raise NotFound(_NO_AGREEMENT)
        version = current_version(self.session, agreement)
        if version.number != number:
            raise Conflict(_CHANGED)
        if version.status != FROZEN:
            raise Conflict(_("Naskah ini belum dibekukan; belum dapat ditandatangani."))
        person = next(
            (s for s in version.content.get("signatories", []) if s["key"] == signatory), None
        )
        if person is None:
            raise NotFound(_("Penanda tangan tidak ditemukan."))
        decided = valid_signatures(version, signatures_of(self.session, version.id))
        if signatory in decided:
            done = decided[signatory]
            raise Conflict(
                _("%(name)s sudah menandatangani versi ini.", name=person["name"])
                if done.decision == SIGNED
                else _("%(name)s sudah menolak versi ini.", name=person["name"])
            )
        return version, person

    def _require_officer_method(self, person: dict[str, Any]) -> None:
        if person.get("login"):
            raise Conflict(
                _(
                    "%(name)s punya akun dan menandatangani sendiri dari akunnya.",
                    name=person["name"],
                )
            )

    def _record_view(
        self,
        case: Case,
        actor: Actor,
        version: AgreementVersion,
        person: dict[str, Any],
        method: str,
        client: ClientInfo,
    ) -> None:
        self.cases.record(
            case,
            actor,
            events.AGREEMENT_VIEWED,
            {
                "agreement_id": str(version.agreement_id),
                "agreement_version": version.number,
                "digest": version.digest,
                "signatory": person["key"],
                "name": person["name"],
                "role": person["role"],
                "method": method,
                "ip": client.ip,
                "user_agent": client.user_agent,
            },
        )

    def _decide(
        self,
        case: Case,
        actor: Actor,
        version: AgreementVersion,
        person: dict[str, Any],
        method: str,
        decision: str,
        client: ClientInfo,
        *,
        typed_name: str | None = None,
        reason: str | None = None,
        evidence: Evidence | None = None,
    ) -> Signature:
        assert version.digest is not None
        now = self.cases.clock()
        signature = Signature(
            id=uuid4(),
            version_id=version.id,
            signatory=person["key"],
            signer_kind=person["kind"],
            signer_role=person["role"],
            signer_name=person["name"],
            method=method,
            decision=decision,
            reason=reason,
            typed_name=typed_name,
            digest=version.digest,
            signed_at=now,
            ip=client.ip,
            user_agent=client.user_agent,
            recorded_by_id=actor.id,
            evidence_id=evidence.id if evidence else None,
            evidence_sha256=evidence.sha256 if evidence else None,
        )
        self.session.add(signature)
        payload: dict[str, Any] = {
            "agreement_id": str(version.agreement_id),
            "agreement_version": version.number,
            "signature_id": str(signature.id),
            "digest": version.digest,
            "signatory": person["key"],
            "name": person["name"],
            "role": person["role"],
            "method": method,
            "signed_at": now.isoformat(),
            "ip": client.ip,
            "user_agent": client.user_agent,
        }
        if evidence is not None:
            payload["evidence_sha256"] = evidence.sha256
        if reason is not None:
            payload["reason"] = reason
        kind = events.AGREEMENT_SIGNED if decision == SIGNED else events.AGREEMENT_DECLINED
        self.cases.record(case, actor, kind, payload)
        return signature

    # ---- obligations after the agreement ------------------------------------------------

    def mark_obligation(
        self,
        case_id: UUID,
        obligation_id: UUID,
        actor: Actor,
        data: ObligationMark,
        expected_version: int,
    ) -> Obligation:
        """The officer records that an obligation was kept, or broken (with what happened)."""
        case = self.cases.writable(case_id, actor, expected_version)
        if not self.in_force(case):
            raise Conflict(
                _("Kewajiban ditandai setelah kesepakatan dicatat dan selama masih berjalan.")
            )
        agreement = agreement_of(self.session, case.id)
        obligation = self.session.get(Obligation, obligation_id)
        version = current_version(self.session, agreement) if agreement else None
        if obligation is None or version is None or obligation.version_id != version.id:
            raise NotFound(_("Kewajiban tidak ditemukan."))
        if obligation.status != OPEN:
            raise Conflict(
                _("Kewajiban Pasal %(number)s sudah ditandai.", number=obligation.position)
            )
        if data.status == BROKEN and not data.note:
            raise FieldErrors(
                {"note": _("Tuliskan apa yang terjadi (kewajiban mana yang tidak dipenuhi).")}
            )
        obligation.status = KEPT if data.status == KEPT else BROKEN
        obligation.marked_at = self.cases.clock()
        obligation.marked_by_id = actor.id
        obligation.note = data.note
        kind = events.OBLIGATION_KEPT if obligation.status == KEPT else events.OBLIGATION_BROKEN
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

    # ---- internals -----------------------------------------------------------------------

    def _require_drafting(self, case: Case) -> TransitionSpec:
        transition = self.signing_transition(case)
        if transition is None:
            raise Conflict(_NOT_IN_WORKFLOW)
        if case.is_final or case.state not in transition.source:
            spec = self.cases.spec_of(case)
            raise Conflict(
                _(
                    "Kesepakatan disusun dan ditandatangani saat perkara berstatus '%(states)s'.",
                    states=joined(spec.states[s].label for s in transition.source),
                )
            )
        return transition

    def _check_terms(self, data: AgreementDraft, parties: dict[str, dict[str, Any]]) -> None:
        errors: dict[str, Translatable] = {}
        today = self.cases.clock().astimezone(LOCAL_TZ).date()
        for i, term in enumerate(data.obligations):
            if term.obligor != ALL_PARTIES and term.obligor not in parties:
                errors[f"obligations.{i}.obligor"] = _("Pilih salah satu pihak dalam perkara ini.")
            if term.due_date < today:
                errors[f"obligations.{i}.due_date"] = _("Tenggat tidak boleh sebelum hari ini.")
            elif term.due_date > date(today.year + 10, 12, 31):
                errors[f"obligations.{i}.due_date"] = _(
                    "Tenggat terlalu jauh (paling lama 10 tahun)."
                )
        if errors:
            raise FieldErrors(errors)

    def _same(
        self, version: AgreementVersion, content: dict[str, Any], terms: list[dict[str, Any]]
    ) -> bool:
        keys = ("place", "chronology", "restitution", "parties", "tokoh", "officer", "desa")
        if any(version.content.get(k) != content.get(k) for k in keys):
            return False
        existing = [
            {
                "position": o.position,
                "obligor": o.obligor,
                "obligor_name": o.obligor_name,
                "kind": o.kind,
                "description": o.description,
                "amount": o.amount,
                "instalments": o.instalments,
                "due_date": o.due_date,
            }
            for o in obligations_of(self.session, version.id)
        ]
        return existing == terms

    def _desa_name(self, case: Case) -> str:
        desa = self.session.get(Area, case.desa_id)
        return desa.name if desa else ""

    def _officer(self, case: Case, actor: Actor) -> dict[str, Any]:
        """The officer who acknowledges the agreement: the case's Bhabinkamtibmas."""
        officer_id = case.assigned_officer_id or actor.id
        user = self.session.get(User, officer_id) if officer_id else None
        return {
            "name": user.full_name if user else actor.name,
            "title": f"Bhabinkamtibmas {self._desa_name(case)}",
        }
