"""What the agreement API answers: a case's agreement as its page shows it (the text as this
reader may read it, where each signatory stands, the obligations), the obligations as a list,
and the agreements awaiting a tokoh. Lists are paged like ``/api/cases``
(:mod:`mediasi.web.paging`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.agreements.models import AgreementVersion, Obligation
from mediasi.agreements.state import SignatoryStatus, VoidNotice
from mediasi.agreements.status import OPEN
from mediasi.web.paging import PageOut

VersionStatus = Literal["draft", "frozen", "superseded", "voided"]
ObligationStatus = Literal["open", "kept", "broken"]
SIGNATORY_KEY = "party:6f1c2d3e-0000-4000-8000-000000000001"


class SignatoryOut(BaseModel):
    """One signatory the frozen text names, and their decision on it (none yet: null)."""

    key: str = Field(examples=[SIGNATORY_KEY])
    kind: Literal["party", "tokoh"]
    role: str = Field(examples=["complainant"])
    name: str = Field(examples=["Darto Santoso"])
    login: bool = Field(description="Signs from their own account (a tokoh with a login).")
    viewed: bool = Field(description="Opened this version from their account.")
    decision: Literal["signed", "declined"] | None
    method: Literal["login", "in_person", "paper"] | None
    signed_at: datetime | None
    reason: str | None = Field(description="Why they declined.")
    evidence_id: UUID | None = Field(
        description="The scan of a paper signature (officers and supervisors only): "
        "GET …/agreement/evidence/{evidence_id}."
    )
    evidence_sha256: str | None

    @classmethod
    def of(cls, status: SignatoryStatus, *, sees_scans: bool) -> SignatoryOut:
        signature = status.signature
        return cls(
            key=status.key,
            kind="tokoh" if status.kind == "tokoh" else "party",
            role=status.role,
            name=status.name,
            login=status.login,
            viewed=status.viewed,
            decision=signature.decision if signature else None,
            method=signature.method if signature else None,
            signed_at=signature.signed_at if signature else None,
            reason=signature.reason if signature else None,
            evidence_id=signature.evidence_id if signature and sees_scans else None,
            evidence_sha256=signature.evidence_sha256 if signature and sees_scans else None,
        )


class ObligationOut(BaseModel):
    """A term of the agreement: who does what by when; once agreed, kept or broken."""

    id: UUID
    article: int = Field(description="Its article (Pasal) in the text.", examples=[1])
    obligor: str = Field(description="A party's key, or `all`.", examples=[SIGNATORY_KEY])
    obligor_name: str = Field(examples=["Slamet Wibowo"])
    kind: Literal["payment", "return_goods", "apology", "cease", "other"]
    description: str = Field(examples=["Membayar ganti rugi tanaman padi kepada pelapor"])
    amount: int | None = Field(description="Rupiah.", examples=[1500000])
    instalments: int | None = Field(examples=[3])
    due_date: date
    status: ObligationStatus
    overdue: bool = Field(description="Still open after its due date (local day of the case).")
    marked_at: datetime | None
    note: str | None

    @classmethod
    def of(cls, obligation: Obligation, today: date) -> ObligationOut:
        return cls(
            id=obligation.id,
            article=obligation.position,
            obligor=obligation.obligor,
            obligor_name=obligation.obligor_name,
            kind=obligation.kind,
            description=obligation.description,
            amount=obligation.amount,
            instalments=obligation.instalments,
            due_date=obligation.due_date,
            status=obligation.status,
            overdue=obligation.status == OPEN and obligation.due_date < today,
            marked_at=obligation.marked_at,
            note=obligation.note,
        )


class VersionOut(BaseModel):
    """An earlier or the current version of the text."""

    number: int
    status: VersionStatus
    created_at: datetime
    frozen_at: datetime | None
    voided_at: datetime | None
    digest: str | None

    @classmethod
    def of(cls, version: AgreementVersion) -> VersionOut:
        return cls(
            number=version.number,
            status=version.status,
            created_at=version.created_at,
            frozen_at=version.frozen_at,
            voided_at=version.voided_at,
            digest=version.digest,
        )


class VoidNoticeOut(BaseModel):
    """A frozen version was edited after signatures were given: they no longer count."""

    number: int
    signatures: int = Field(description="The signatures that edit voided.")
    voided_at: datetime | None

    @classmethod
    def of(cls, notice: VoidNotice) -> VoidNoticeOut:
        return cls(number=notice.number, signatures=notice.signatures, voided_at=notice.voided_at)


class AgreementOut(BaseModel):
    """A case's agreement as its page shows it to this reader; every field about the text is
    null (lists empty) while no draft has been saved."""

    case_id: UUID
    case_version: int = Field(description="Send it as `version` with the next write.")
    may_draft: bool = Field(
        description="The case stands where its agreement is drafted and signed."
    )
    may_write: bool = Field(description="…and the caller may draft, freeze and record signatures.")
    in_force: bool = Field(description="Agreed: its obligations are running and may be marked.")
    agreement_id: UUID | None
    number: int | None = Field(description="Send it as `agreement_version` when acting on it.")
    status: VersionStatus | None
    place: str | None
    chronology: str | None
    restitution: str | None
    text: str = Field(
        description="The whole text (a tokoh reads it with the parties' NIK and addresses "
        "withheld; the digest covers the full text)."
    )
    digest: str | None = Field(description="SHA-256 of the frozen text.")
    code: str | None = Field(
        description="The verification code printed on it.", examples=["ABCDE-FGH23"]
    )
    verify_url: str | None
    frozen_at: datetime | None
    intact: bool = Field(description="The stored text still gives its digest.")
    fully_signed: bool
    signatories: list[SignatoryOut]
    mine: str | None = Field(description="The signatory a tokoh's own account stands for.")
    obligations: list[ObligationOut]
    versions: list[VersionOut] = Field(description="Newest first.")
    void_notice: VoidNoticeOut | None
    missing_people: list[str] = Field(
        description="People of the case in a required role whom the frozen text does not name."
    )


class ObligationPageOut(PageOut):
    items: list[ObligationOut]


class AwaitingOut(BaseModel):
    """A frozen agreement a tokoh must still sign or decline."""

    agreement_id: UUID
    case_id: UUID
    reference: str = Field(examples=["SGK/KEPANJEN/2026/0007"])
    title: str
    desa: str
    number: int
    frozen_at: datetime | None
    code: str | None


class AwaitingPageOut(PageOut):
    items: list[AwaitingOut]
