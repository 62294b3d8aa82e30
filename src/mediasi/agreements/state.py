"""What a page shows of a case's agreement: its current version and where each signatory
stands, gathered once by ``AgreementQueries.state_of``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mediasi.agreements.models import Agreement, AgreementVersion, Obligation, Signature
from mediasi.agreements.status import BROKEN, DECLINED, FROZEN, SIGNED


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
    voided_at: datetime | None


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

    def signatory(self, key: str) -> SignatoryStatus | None:
        return next((s for s in self.signatories if s.key == key), None)
