"""The public check of a printed document of the pack, the same as an agreement's: does the
code exist, does the stored content still give the digest printed, is it the case's current
document of its kind? It names the case by reference and place only; never a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.agreements.canonical import digest_of, normalise_code
from mediasi.restorative.models import CaseDocument
from mediasi.restorative.queries import latest_documents
from mediasi.restorative.texts import document_text


@dataclass(frozen=True)
class DocumentVerification:
    code: str
    title: str
    nomor: str
    reference: str
    desa: str
    polsek: str
    issued_at: datetime
    digest: str
    unchanged: bool
    current: bool
    """False when the step was taken again and a newer document replaced this one."""

    @property
    def valid(self) -> bool:
        return self.unchanged and self.current


def verify_document(session: Session, raw: str) -> DocumentVerification | None:
    code = normalise_code(raw)
    if code is None:
        return None
    document = session.scalars(select(CaseDocument).where(CaseDocument.code == code)).first()
    if document is None:
        return None
    content = document.content
    try:
        unchanged = digest_of(document_text(content)) == document.digest
    except (KeyError, TypeError):
        unchanged = False
    latest = latest_documents(session, document.case_id).get(document.kind)
    return DocumentVerification(
        code=code,
        title=str(content.get("title", "")),
        nomor=str(content.get("nomor", "")),
        reference=str(content.get("reference", "")),
        desa=str(content.get("desa", "")),
        polsek=str(content.get("polsek", "")),
        issued_at=document.issued_at,
        digest=document.digest,
        unchanged=unchanged,
        current=latest is not None and latest.id == document.id,
    )
