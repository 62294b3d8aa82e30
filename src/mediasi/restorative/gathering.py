"""What each document says, gathered from what the case has recorded when its step is taken:
the area tree (the letterhead), the parties, the eligibility step (offence and checklist), the
step's own fields, the agreement and its obligations, the approval and the earlier documents.

Identity (UU PDP 27/2022: only what the purpose needs): a letter the parties sign (the request,
the berita acara, the victim's statement) carries the signatories' full name, NIK and address,
as an official letter does, and is read only by officers and supervisors of the case; the
approval names the parties only. Phone numbers are in none."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area, User
from mediasi.accounts.roles import AreaLevel
from mediasi.agreements.canonical import KIND_WORDS, format_code
from mediasi.agreements.letterhead import area_chain, kop_lines, local_date, short_name
from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.status import BROKEN, KEPT
from mediasi.agreements.wording import hari, rupiah_in_words, tanggal
from mediasi.cases.checklists import answered_checklist
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case, Party
from mediasi.i18n import format_datetime
from mediasi.restorative.kinds import (
    BY_KEY,
    KLARIFIKASI,
    PEMULIHAN,
    PERMOHONAN,
    DocumentKind,
    number_of,
)
from mediasi.restorative.models import CaseDocument
from mediasi.restorative.texts import PERPOL, UU_80
from mediasi.workflow.spec import WorkflowSpec

VICTIM_ROLES = ("complainant", "victim")
OFFENDER_ROLES = ("respondent",)
ANSWER_WORDS = {"yes": "Ya", "no": "Tidak"}
STATUS_WORDS = {KEPT: "telah dipenuhi", BROKEN: "tidak dipenuhi"}
REQUESTS_WORDS = {"kedua_pihak": "Sudah diterima dari korban dan terlapor."}


class Gatherer:
    """Reads what one case recorded, for its documents (in the transaction of the step)."""

    def __init__(self, session: Session, spec: WorkflowSpec, case: Case) -> None:
        self.session = session
        self.spec = spec
        self.case = case
        self.lookups = AgreementLookups(session)

    # ---- what every document says ---------------------------------------------------------

    def areas(self) -> list[Area]:
        """The case's desa and every node above it, the desa first."""
        return area_chain(self.session, self.case.desa_id)

    def parties(self, roles: tuple[str, ...]) -> list[dict[str, Any]]:
        rows = self.session.scalars(
            select(Party)
            .where(Party.case_id == self.case.id, Party.role.in_(roles))
            .order_by(Party.created_at, Party.id)
        )
        return [{"name": p.name, "nik": p.nik, "address": p.address} for p in rows]

    def eligibility(self) -> tuple[str, list[dict[str, str]], str]:
        """The offence, the checklist's answered items and the note of the eligibility step."""
        answered = answered_checklist(self.session, self.spec, self.case.id)
        if answered is None:
            return "-", [], ""
        field, event = answered
        answers = event.payload.get(field.name) or {}
        items = [
            {
                "label": item.label.id,
                "source": item.source,
                "answer": ANSWER_WORDS.get(str(answers.get(item.key)), "-"),
            }
            for item in field.items
        ]
        return event.payload.get("offence") or "-", items, event.payload.get("note") or ""

    def officer(self) -> dict[str, str]:
        officer_id = self.case.assigned_officer_id
        user = self.session.get(User, officer_id) if officer_id else None
        desa = self.session.get(Area, self.case.desa_id)
        return {
            "name": user.full_name if user else "-",
            "title": f"Bhabinkamtibmas {desa.name if desa else ''}".strip(),
        }

    def common(self, kind: DocumentKind, place: str, day: date) -> dict[str, Any]:
        areas = self.areas()
        offence, checklist, note = self.eligibility()
        return {
            "kind": kind.key,
            "title": kind.title,
            "nomor": number_of(self.case.reference, kind),
            "reference": self.case.reference,
            "kop": kop_lines(areas),
            "desa": areas[0].name if areas else "",
            "polsek": areas[1].name if len(areas) > 1 else "",
            "offence": offence,
            "checklist": checklist,
            "note": note,
            "victims": self.parties(VICTIM_ROLES),
            "offenders": self.parties(OFFENDER_ROLES),
            "officer": self.officer(),
            "place": place,
            "dated": day.isoformat(),
            "dated_words": tanggal(day),
        }

    # ---- each document ----------------------------------------------------------------------

    def content(self, kind: DocumentKind, event: Event) -> dict[str, Any]:
        if kind.key in (PERMOHONAN, KLARIFIKASI):
            return self.clarification(kind, event)
        if kind.key == PEMULIHAN:
            return self.restoration(kind, event)
        return self.approval(kind, event)

    def clarification(self, kind: DocumentKind, event: Event) -> dict[str, Any]:
        fields = event.payload
        moment = datetime.fromisoformat(fields["clarified_at"])
        day = local_date(moment)
        content = self.common(kind, fields["place"], day)
        polsek = content["polsek"]
        return content | {
            "addressee": f"Kapolsek {short_name(polsek)}" if polsek else "Kapolsek",
            "when_words": f"{hari(day)}, tanggal {tanggal(day)}, pukul "
            + format_datetime(moment, "id", "HH.mm z"),
            "record": fields.get("record", ""),
            "victim_account": fields.get("victim_account", ""),
            "offender_account": fields.get("offender_account", ""),
            "written_requests": REQUESTS_WORDS.get(fields.get("written_requests", ""), "-"),
        }

    def restoration(self, kind: DocumentKind, event: Event) -> dict[str, Any]:
        desa = self.session.get(Area, self.case.desa_id)
        content = self.common(kind, desa.name if desa else "", local_date(event.created_at))
        version = self.lookups.current_of(self.case.id)
        terms: list[dict[str, Any]] = []
        if version is not None:
            for o in self.lookups.obligations_of(version.id):
                done = f", {tanggal(local_date(o.marked_at))}" if o.marked_at else ""
                terms.append(
                    {
                        "article": o.position,
                        "kind": KIND_WORDS.get(o.kind, o.kind),
                        "description": o.description,
                        "amount": rupiah_in_words(o.amount) if o.amount else None,
                        "obligor": o.obligor_name,
                        "status": STATUS_WORDS.get(o.status, "belum ditandai") + done,
                    }
                )
        return content | {
            "restoration": event.payload.get("restoration", ""),
            "terms": terms,
            "agreement": {
                "number": version.number if version else "-",
                "code": format_code(version.code) if version and version.code else "-",
            },
        }

    def approval(self, kind: DocumentKind, event: Event) -> dict[str, Any]:
        """The approving supervisor by name and post: a Polsek's supervisor signs as its
        Kapolsek; above a Polsek the post is not recorded (a Kasat Binmas and a Kapolres look
        alike here), so they sign as the area's supervisor."""
        user = self.session.get(User, event.actor_id) if event.actor_id else None
        area = self.session.get(Area, user.area_id) if user and user.area_id else None
        place = short_name(area.name) if area else ""
        content = self.common(kind, place, local_date(event.created_at))
        if area is not None and area.level == AreaLevel.POLSEK:
            title = f"Kapolsek {short_name(area.name)}"
        else:
            title = f"Pengawas {area.name}" if area else "Atasan"
        for side in ("victims", "offenders"):
            content[side] = [{"name": p["name"]} for p in content[side]]
        return content | {
            "approver": {"name": user.full_name if user else event.actor_name, "title": title},
            "decision_note": event.payload.get("decision_note") or "",
            "basis": self.basis(),
        }

    def basis(self) -> list[str]:
        """The law, then what the superior read: the documents issued before, by code."""
        lines = [UU_80 + ".", PERPOL + "."]
        issued = {d.kind: d for d in self.issued()}
        version = self.lookups.current_of(self.case.id)
        for key in (PERMOHONAN, KLARIFIKASI):
            if key in issued:
                lines.append(described(issued[key]))
        if version is not None and version.code:
            lines.append(
                f"Kesepakatan perdamaian perkara {self.case.reference} versi {version.number}, "
                f"kode verifikasi {format_code(version.code)}."
            )
        if PEMULIHAN in issued:
            lines.append(described(issued[PEMULIHAN]))
        return lines

    def issued(self) -> list[CaseDocument]:
        """The case's documents, the latest of each kind last."""
        return list(
            self.session.scalars(
                select(CaseDocument)
                .where(CaseDocument.case_id == self.case.id)
                .order_by(CaseDocument.issued_at, CaseDocument.id)
            )
        )


def described(document: CaseDocument) -> str:
    kind = BY_KEY[document.kind]
    title = kind.title.capitalize()
    return (
        f"{title} nomor {document.content['nomor']}, kode verifikasi {format_code(document.code)}."
    )
