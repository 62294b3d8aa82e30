"""One code, whatever document printed it: an agreement's version first, else a document of a
restorative justice case (codes of both are 50 random-looking bits from their own digest)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from mediasi.agreements.verification import Verification, verify_code
from mediasi.restorative.verification import DocumentVerification, verify_document

Result = Verification | DocumentVerification


def look_up(session: Session, raw: str) -> Result | None:
    return verify_code(session, raw) or verify_document(session, raw)
