"""The document pack of a restorative justice case: which documents there are, what each is
called, and which workflow step records the data that makes each possible.

The pack follows issue 15: the parties' written request, the berita acara of the clarification
(Perpol 8/2021 Pasal 16 ayat (1)), the peace agreement (the agreement machinery's own PDF), the
victim's statement that their rights are restored (Perpol 8/2021 Pasal 6) and the superior's
approval. A document exists once its step is recorded; before that it is not offered."""

from __future__ import annotations

from dataclasses import dataclass

WORKFLOW = "keadilan_restoratif"

PERMOHONAN = "permohonan"
KLARIFIKASI = "klarifikasi"
PERDAMAIAN = "perdamaian"  # the peace agreement: the agreement machinery's own document
PEMULIHAN = "pemulihan"
PERSETUJUAN = "persetujuan"


@dataclass(frozen=True)
class DocumentKind:
    key: str
    title: str  # as printed, in capitals
    suffix: str  # after the case reference in the document's number
    issued_by: str  # the workflow step whose event holds its data


KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        PERMOHONAN,
        "SURAT PERMOHONAN PENYELESAIAN PERKARA BERDASARKAN KEADILAN RESTORATIF",
        "PMH",
        "clarify",
    ),
    DocumentKind(KLARIFIKASI, "BERITA ACARA KLARIFIKASI", "BA-KLR", "clarify"),
    DocumentKind(PEMULIHAN, "SURAT PERNYATAAN PEMULIHAN HAK KORBAN", "PHK", "restore"),
    DocumentKind(PERSETUJUAN, "SURAT PERSETUJUAN ATASAN", "PST", "approve"),
)
BY_KEY = {kind.key: kind for kind in KINDS}
# The pack in the order a case file holds it.
PACK = (PERMOHONAN, KLARIFIKASI, PERDAMAIAN, PEMULIHAN, PERSETUJUAN)


def issued_by(trigger: str) -> tuple[DocumentKind, ...]:
    """The documents a step of the restorative justice workflow issues (in pack order)."""
    return tuple(kind for kind in KINDS if kind.issued_by == trigger)


def number_of(reference: str, kind: DocumentKind) -> str:
    """The document's number: the case reference and the kind (RJ/KEPANJEN/2026/0001/BA-KLR).
    A unit's own letter register is not known here; the reference ties it to the case."""
    return f"{reference}/{kind.suffix}"


def file_name(reference: str, kind: DocumentKind) -> str:
    return f"{kind.key}-{reference.replace('/', '-')}.pdf"
