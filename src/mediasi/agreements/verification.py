"""The public check of a printed agreement: does the code exist, is the text unchanged, is it
fully signed? It names the case by its reference and place only; never a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from mediasi.agreements.canonical import normalise_code
from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.rules import is_intact, signatory_keys, signed_count
from mediasi.agreements.status import FROZEN
from mediasi.cases.models import Case


@dataclass(frozen=True)
class Verification:
    """What the public page may say about one frozen version (no personal data)."""

    code: str
    reference: str
    desa: str
    polsek: str
    number: int
    frozen_at: datetime | None
    digest: str | None
    unchanged: bool
    signed: int
    required: int
    current: bool
    """False when a newer version replaced this one (its signatures no longer count)."""

    @property
    def fully_signed(self) -> bool:
        return (
            self.unchanged and self.current and self.required > 0 and self.signed == self.required
        )


def verify_code(session: Session, raw: str) -> Verification | None:
    """The verification of the version with this code, or None when no document has it."""
    code = normalise_code(raw)
    if code is None:
        return None
    lookups = AgreementLookups(session)
    version = lookups.version_by_code(code)
    if version is None:
        return None
    agreement = lookups.agreement(version.agreement_id)
    case = session.get(Case, agreement.case_id) if agreement else None
    if agreement is None or case is None:
        return None
    signatures = lookups.signatures_of(version.id)
    return Verification(
        code=code,
        reference=case.reference,
        desa=lookups.area_name(case.desa_id),
        polsek=lookups.area_name(case.polsek_id),
        number=version.number,
        frozen_at=version.frozen_at,
        digest=version.digest,
        unchanged=is_intact(version, lookups.obligations_of(version.id)),
        signed=signed_count(version, signatures),
        required=len(signatory_keys(version.content)),
        current=version.status == FROZEN and version.number == agreement.current_number,
    )
