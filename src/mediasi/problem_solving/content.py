"""What the Problem Solving report says, gathered from the case as it stands: the letterhead and
the officer from the area tree and the accounts, the problem from the case, the parties and
tokoh from their rows, the steps from the event log, the sessions, and the outcome (the state,
and the agreement if there is one).

Identity (UU PDP 27/2022: only what the purpose needs): a report filed upward names the parties
and their part; a NIK shows masked as everywhere else in the app, and no phone number or address
is printed. Where the records hold nothing (the NRP, the kecamatan, the Kapolsek's name) the
report leaves a line to fill in by hand instead of guessing."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from mediasi.accounts.models import User
from mediasi.agreements.canonical import PARTY_ROLE_WORDS, TOKOH_ROLE_WORDS, format_code
from mediasi.agreements.letterhead import area_chain, kop_lines, short_name
from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.status import SIGNED
from mediasi.agreements.wording import tanggal
from mediasi.cases.history import VersionOf, case_zone
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.mediation.services import sessions_of
from mediasi.problem_solving.steps import ID, sessions, steps
from mediasi.problem_solving.words import (
    BLANK,
    OBLIGATION_WORDS,
    OPEN_OBLIGATION,
    TOKOH_KIND_WORDS,
    VERSION_WORDS,
    waktu,
)
from mediasi.web.masking import mask_nik

TITLE = "LAPORAN HASIL PROBLEM SOLVING"
SUFFIX = "PS"
# Read (Menimbang b): it replaced Perkap 3/2015; no article on this report is cited, none found.
POLMAS = (
    "Peraturan Kepolisian Negara Republik Indonesia Nomor 1 Tahun 2021 "
    "tentang Pemolisian Masyarakat"
)


def file_name(reference: str) -> str:
    return f"problem-solving-{reference.replace('/', '-')}.pdf"


class ReportContent:
    """Reads one case for its report, in the request's session."""

    def __init__(self, queries: CaseQueries, version_of: VersionOf, case: Case) -> None:
        self.queries = queries
        self.session = queries.session
        self.version_of = version_of
        self.spec = version_of(case.workflow_version)
        self.case = case
        self.zone: tzinfo = case_zone(queries, case)

    def content(self, now: datetime) -> dict[str, Any]:
        areas = area_chain(self.session, self.case.desa_id)
        desa = areas[0].name if areas else "-"
        polsek = areas[1].name if len(areas) > 1 else ""
        reference = self.case.reference
        events = self.queries.timeline(self.case.id)
        # When the report was taken: its event's time (the case row's own stamp is the
        # database's clock, which an import or a test's fixed clock does not set).
        reported = min(events, key=lambda e: e.seq).created_at
        return {
            "title": TITLE,
            "nomor": f"{reference}/{SUFFIX}",
            "kop": kop_lines(areas),
            "reference": reference,
            "basis": [
                POLMAS + ".",
                f"Laporan yang dicatat sebagai perkara nomor {reference} pada "
                f"{waktu(reported, self.zone)}.",
            ],
            "officer": self.officer(desa, polsek),
            "desa": desa,
            "kecamatan": BLANK,  # the area tree has no kecamatan level
            "problem": self.problem(desa, reported),
            "parties": self.parties(),
            "tokoh": self.tokoh(),
            "steps": steps(self.queries, self.case, self.version_of, events, self.zone),
            "sessions": sessions(sessions_of(self.session, self.case.id), self.zone),
            "outcome": self.outcome(),
            "agreement": self.agreement(),
            "kapolsek": f"Kapolsek {short_name(polsek)}" if polsek else "Kapolsek",
            "place": short_name(polsek) if polsek else desa,
            "dated_words": tanggal(now.astimezone(self.zone).date()),
            "generated": waktu(now, self.zone),
        }

    def officer(self, desa: str, polsek: str) -> dict[str, str]:
        """The case's officer as the report's author; a line to fill in where none is set."""
        officer_id = self.case.assigned_officer_id
        user = self.session.get(User, officer_id) if officer_id else None
        return {
            "name": user.full_name if user else BLANK,
            "rank": (user.rank if user else None) or BLANK,
            "nrp": BLANK,  # not recorded on the account
            "post": f"Bhabinkamtibmas {desa}",
            "unit": polsek or "-",
        }

    def problem(self, desa: str, reported: datetime) -> dict[str, str]:
        return {
            "title": self.case.title,
            "category": self.spec.category_label(self.case.category, ID),
            "description": self.case.description or "-",
            "reported_at": waktu(reported, self.zone),
            "place": desa,
            "reporter": self.case.reporter_name,
        }

    def parties(self) -> list[dict[str, str]]:
        return [
            {
                "name": p.name,
                "role": PARTY_ROLE_WORDS.get(p.role, p.role),
                "nik": mask_nik(p.nik) if p.nik else "-",
            }
            for p in self.queries.parties(self.case.id)
        ]

    def tokoh(self) -> list[dict[str, str]]:
        return [
            {
                "name": tokoh.name,
                "kind": tokoh.title or TOKOH_KIND_WORDS.get(tokoh.kind, tokoh.kind),
                "role": TOKOH_ROLE_WORDS.get(link.role, link.role),
            }
            for link, tokoh in self.queries.tokoh_of_case(self.case.id)
        ]

    def outcome(self) -> str:
        state = self.spec.states[self.case.state].label.get(ID)
        if self.case.is_final:
            return f"Penanganan selesai dengan status: {state}."
        return f"Penanganan masih berjalan; status saat ini: {state}."

    def agreement(self) -> dict[str, Any] | None:
        """The current text of the peace agreement, if any: its version and state, who signed,
        and each obligation with how it stands."""
        lookups = AgreementLookups(self.session)
        version = lookups.current_of(self.case.id)
        if version is None:
            return None
        signed = [
            s.signer_name
            for s in lookups.signatures_of(version.id)
            if s.decision == SIGNED and s.voided_at is None
        ]
        return {
            "number": version.number,
            "status": VERSION_WORDS.get(version.status, version.status),
            "code": format_code(version.code) if version.code else "",
            "signed": signed,
            "obligations": [
                {
                    "description": o.description,
                    "obligor": o.obligor_name,
                    "status": OBLIGATION_WORDS.get(o.status, OPEN_OBLIGATION),
                }
                for o in lookups.obligations_of(version.id)
            ],
        }
