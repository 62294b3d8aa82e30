"""The demo's restorative justice journeys: the checklist answered (eligible, ruled out, or
for Unit PPA), the victim's consent signed in person, then the peace route to its
registration, or the referral."""

from __future__ import annotations

from typing import Any

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area
from mediasi.agreements.decisions import ClientInfo
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.restorative.consent.schemas import InPersonConsent
from mediasi.restorative.consent.services import ConsentService, consent_view
from mediasi.workflow.spec import FieldType

CONSENT = "consent"
_AGREED = [
    "check",
    CONSENT,
    "clarify",
    "invite",
    "schedule_mediation",
    "hold",
    "agreement",
    "agree",
]
_APPROVED = [*_AGREED, "keep_all", "restore", "approve"]
# One path per case (thirteen), reaching every state of the workflow, with a victim who
# withdraws her consent after the clarification (the reason stays in the timeline).
RJ_PATHS: list[list[str]] = [
    [],
    ["check"],
    ["check_excluded"],
    ["check", CONSENT, "clarify"],
    ["check", CONSENT, "clarify", "invite", "schedule_mediation"],
    _AGREED,
    [*_AGREED, "keep_all", "restore"],
    _APPROVED,
    [*_APPROVED, "register"],
    ["check", CONSENT, "clarify", "invite", "schedule_mediation", "fail"],
    ["check_excluded", "refer_reskrim"],
    ["check_ppa", "refer_ppa"],
    ["check", CONSENT, "clarify", "withdraw_consent"],
]
# The checklist answered the eligible way, but for these items (where the file has them).
_CHECKS = {
    "check": {},
    "check_excluded": {"pengulangan": "yes"},
    "check_ppa": {"kekerasan_perempuan_anak": "yes"},
}


def is_check(step: str) -> bool:
    return step in _CHECKS


def check_payload(service: CaseService, case: Case, step: str) -> dict[str, Any]:
    """The eligibility step's fields: every checklist item answered, as ``step`` says."""
    transition = service.spec_of(case).transition("check_eligibility", case.state)
    assert transition is not None
    payload: dict[str, Any] = {"offence": "Pasal 476 KUHP (pencurian)"}
    for field in transition.fields:
        if field.type is FieldType.CHECKLIST:
            answers = {i.key: "no" if i.disqualifies_when == "yes" else "yes" for i in field.items}
            changes = {k: v for k, v in _CHECKS[step].items() if k in answers}
            payload[field.name] = answers | changes
    return payload


# Where the demo's consents say they were signed.
DEMO_CLIENT = ClientInfo.of("127.0.0.1", "mediasi demo")


def give_consent(
    service: CaseService,
    case: Case,
    officer: Actor,
    client: ClientInfo = DEMO_CLIENT,
) -> None:
    """Every victim signs the consent statement on the officer's device."""
    for row in consent_view(service.session, case).victims:
        data = InPersonConsent(
            party_id=row.party.id,
            digest=row.digest,
            voluntary=True,
            uncoerced=True,
            typed_name=row.party.name,
        )
        ConsentService(service).give_in_person(case.id, officer, data, client, case.version)


def rj_payloads(desa: Area, when: str) -> dict[str, dict[str, Any]]:
    """What the officer and the supervisor write at each step of the peace route."""
    return {
        "clarify": {
            "clarified_at": when,
            "place": f"Pos Bhabinkamtibmas {desa.name}",
            "record": "Korban dan terlapor membenarkan kejadian dan bersedia berdamai.",
            "victim_account": "Barang korban diambil terlapor; korban bersedia berdamai.",
            "offender_account": "Terlapor mengakui perbuatannya dan bersedia mengganti kerugian.",
            "written_requests": "kedua_pihak",
        },
        "restore": {
            "restoration": "Barang dikembalikan dan kerugian diganti.",
            "victim_statement": "ditandatangani",
        },
        "approve": {"decision_note": "Syarat terpenuhi; laporkan kepada penyidik."},
        "register": {"registration": "B/RJ/12/2026/Reskrim", "registered_on": when[:10]},
        "fail": {"reason": "Terlapor tidak sanggup mengganti kerugian; perdamaian tidak tercapai."},
        "withdraw_consent": {
            "reason": "Korban tidak lagi bersedia berdamai; keluarganya ingin perkara diproses."
        },
        "refer_reskrim": {"reason": "Terlapor residivis; dilimpahkan ke Unit Reskrim."},
        "refer_ppa": {"reason": "Korban anak; dilimpahkan segera ke Unit PPA."},
    }
