"""Reading a case's documents: the pack on the case page and the one file a reader downloads.

Who may have them: the officers and supervisors who see the case (its scope is checked before,
by the case dependency: 404 outside it). A tokoh reads the agreement but not these letters,
which carry the parties' full identity (UU PDP 27/2022: only what the purpose needs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.agreements.canonical import format_code
from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.status import FROZEN
from mediasi.cases.models import Case
from mediasi.errors import Forbidden, NotFound
from mediasi.i18n import _
from mediasi.restorative.kinds import BY_KEY, PACK, PERDAMAIAN, WORKFLOW
from mediasi.restorative.models import CaseDocument

READERS = frozenset({Role.OFFICER, Role.SUPERVISOR})


def latest_documents(session: Session, case_id: UUID) -> dict[str, CaseDocument]:
    """The case's current document of each kind (a step taken again issues a newer one)."""
    rows = session.scalars(
        select(CaseDocument)
        .where(CaseDocument.case_id == case_id)
        .order_by(CaseDocument.issued_at, CaseDocument.id)
    )
    return {row.kind: row for row in rows}


@dataclass(frozen=True)
class Entry:
    """One document of the pack on the case page; ``ready`` once it may be downloaded."""

    kind: str
    ready: bool
    document: CaseDocument | None = None  # the pack's own documents; not the agreement

    @property
    def code(self) -> str:
        return format_code(self.document.code) if self.document else ""


def pack_of(session: Session, case: Case) -> list[Entry]:
    """The pack of a restorative justice case (none for another case); the peace agreement
    is listed in its place, ready once its text is frozen."""
    if case.workflow != WORKFLOW:
        return []
    issued = latest_documents(session, case.id)
    version = AgreementLookups(session).current_of(case.id)
    frozen = version is not None and version.status == FROZEN
    return [
        Entry(kind, frozen) if kind == PERDAMAIAN else Entry(kind, kind in issued, issued.get(kind))
        for kind in PACK
    ]


def pack_section(session: Session, case: Case, _: Actor) -> dict[str, Any]:
    """The case page's section (registered by the runtime); restorative justice cases only."""
    entries = pack_of(session, case)
    return {"rj_pack": entries} if entries else {}


def _reader(actor: Actor) -> None:
    if actor.role not in READERS:
        raise Forbidden(_("Hanya petugas dan pengawas perkara yang dapat membuka dokumen ini."))


class DocumentQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def pack(self, case: Case, actor: Actor) -> list[Entry]:
        """The case's pack, for an officer or supervisor of the case (a case the actor cannot
        see is refused before, as not found)."""
        _reader(actor)
        return pack_of(self.session, case)

    def readable(self, case: Case, kind: str, actor: Actor) -> CaseDocument:
        """The case's current document of ``kind``, for an officer or supervisor of the case
        (a case the actor cannot see is refused before, as not found)."""
        _reader(actor)
        document = latest_documents(self.session, case.id).get(kind) if kind in BY_KEY else None
        if document is None:
            raise NotFound(_("Dokumen tidak ditemukan: langkah yang membuatnya belum dicatat."))
        return document
