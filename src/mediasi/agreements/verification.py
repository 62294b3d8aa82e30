"""The public check of a printed agreement: does the code exist, is the text unchanged, is it
fully signed? It names the case by its reference and place only; never a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area
from mediasi.agreements.canonical import normalise_code
from mediasi.agreements.models import FROZEN, SIGNED, Agreement, AgreementVersion
from mediasi.agreements.services import (
    is_intact,
    obligations_of,
    signatures_of,
    valid_signatures,
)
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
    version = session.scalars(
        select(AgreementVersion).where(AgreementVersion.code == code)
    ).one_or_none()
    if version is None:
        return None
    agreement = session.get(Agreement, version.agreement_id)
    case = session.get(Case, agreement.case_id) if agreement else None
    if agreement is None or case is None:
        return None
    desa = session.get(Area, case.desa_id)
    polsek = session.get(Area, case.polsek_id)
    obligations = obligations_of(session, version.id)
    valid = valid_signatures(version, signatures_of(session, version.id))
    required = [s["key"] for s in version.content.get("signatories", [])]
    return Verification(
        code=code,
        reference=case.reference,
        desa=desa.name if desa else "",
        polsek=polsek.name if polsek else "",
        number=version.number,
        frozen_at=version.frozen_at,
        digest=version.digest,
        unchanged=is_intact(version, obligations),
        signed=sum(1 for key in required if key in valid and valid[key].decision == SIGNED),
        required=len(required),
        current=version.status == FROZEN and version.number == agreement.current_number,
    )
