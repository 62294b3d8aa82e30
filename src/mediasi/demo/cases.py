"""The demo's case journeys: one report per case, then the steps of a path through its
workflow, each by whoever would take it, on a clock that gives the case a history."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, Tokoh
from mediasi.cases.schemas import CaseCreate, Door, PartyInput, TokohInvite
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.demo import data
from mediasi.demo.agreements import AGREEMENT_STEPS
from mediasi.demo.restorative import (
    CONSENT,
    RJ_PATHS,
    check_payload,
    give_consent,
    is_check,
    rj_payloads,
)
from mediasi.mediation.schemas import SessionRecord
from mediasi.mediation.services import MediationService, sessions_of

_MEDIATED = ["assess", "invite", "schedule_mediation"]
# Paths through sengketa: the triggers fired after the report, one list per target state.
SENGKETA_PATHS: list[list[str]] = [
    [],
    ["assess"],
    ["assess", "invite", "schedule_mediation"],
    ["assess", "invite", "schedule_mediation", "fail_session"],
    ["assess", "invite", "schedule_mediation", "fail_session", "reschedule"],
    ["assess", "invite", "schedule_mediation", "escalate"],
    ["assess", "escalate"],
    ["assess", "invite", "schedule_mediation", "escalate", "accept_escalation"],
    ["assess", "invite", "schedule_mediation", "escalate", "return_escalation"],
    ["withdraw"],
    # Through a signed peace agreement: obligations running, met and closed, or broken.
    [*_MEDIATED, "hold", "agreement", "agree"],
    [*_MEDIATED, "hold", "agreement", "agree", "keep_all", "close"],
    [*_MEDIATED, "hold", "agreement", "agree", "break"],
    [*_MEDIATED, "hold", "agreement", "agree", "break", "reopen"],
    [*_MEDIATED, "hold", "agreement", "agree", "break", "escalate_breach"],
    [*_MEDIATED, "hold", "agreement"],
]
# Most reports come to the post in person, some by phone, a few the officer finds on a visit.
DOORS: tuple[Door, ...] = ("walk_in",) * 6 + ("phone",) * 3 + ("patrol",)
PENGADUAN_PATHS: list[list[str]] = [
    [],
    ["follow_up"],
    ["follow_up", "resolve"],
    ["forward"],
    ["reject"],
]


class Clock:
    """A clock that advances a few hours to a few days per step, so the demo has a history."""

    def __init__(self, start: datetime, rng: random.Random) -> None:
        self.now = start
        self.rng = rng

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=self.rng.randint(5, 60 * 20))
        return min(self.now, utcnow())


def _person(rng: random.Random) -> str:
    return f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.FAMILY_NAMES)}"


def _nik(rng: random.Random) -> str:
    return "3507" + "".join(str(rng.randint(0, 9)) for _ in range(12))


# Telkomsel, Indosat, XL and Tri prefixes: numbers that parse as Indonesian mobiles.
_MOBILE_PREFIXES = ("0812", "0813", "0821", "0852", "0857", "0877", "0895")


def _phone(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _address(rng: random.Random, desa: Area) -> str:
    return f"RT 0{rng.randint(1, 6)} {desa.name}"


def _party(rng: random.Random, desa: Area, role: str, name: str) -> PartyInput:
    """A party of a dispute, with a NIK, a phone and an address in the desa."""
    return PartyInput(
        role=role, name=name, nik=_nik(rng), phone=_phone(rng), address=_address(rng, desa)
    )


def demo_case(
    service: CaseService,
    rng: random.Random,
    i: int,
    officer: Actor,
    supervisor: Actor,
    desa: Area,
    tokoh: list[Tokoh],
    workflow: str,
) -> None:
    a, b = _person(rng), _person(rng)
    if workflow == "pengaduan":
        category = rng.choice(list(data.PENGADUAN_TITLES))
        title = data.PENGADUAN_TITLES[category]
        parties = [
            PartyInput(
                role="complainant",
                name=a,
                phone=_phone(rng),
                address=_address(rng, desa),
            )
        ]
        path = PENGADUAN_PATHS[(i // 5) % len(PENGADUAN_PATHS)]
    elif workflow == "keadilan_restoratif":
        category = rng.choice(list(data.RJ_TITLES))
        title = data.RJ_TITLES[category].format(a=a, b=b)
        parties = [_party(rng, desa, "complainant", a), _party(rng, desa, "respondent", b)]
        path = RJ_PATHS[(i // 5) % len(RJ_PATHS)]
    else:
        category = rng.choice(list(data.SENGKETA_TITLES))
        title = data.SENGKETA_TITLES[category].format(
            a=a, b=b, amount=f"{rng.randint(2, 40)}00.000"
        )
        parties = [
            _party(rng, desa, "complainant", a),
            _party(rng, desa, "respondent", b),
        ]
        if rng.random() < 0.3:
            parties.append(PartyInput(role="witness", name=_person(rng)))
        path = SENGKETA_PATHS[i % len(SENGKETA_PATHS)]
        if path == _MEDIATED and any(t.user_id for t in tokoh):
            # In the desa of the demo 'tokoh' login: an agreement awaits their signature.
            path = [*_MEDIATED, "hold", "agreement_awaiting_tokoh"]
    case = service.report(
        officer,
        CaseCreate(
            workflow=workflow,
            category=category,
            title=title,
            description=f"Dilaporkan oleh {a} kepada Bhabinkamtibmas {desa.name}.",
            desa_id=desa.id,
            reporter_name=a,
            reporter_phone=_phone(rng),
            parties=parties,
            door=DOORS[i % len(DOORS)],
        ),
    )
    when = (service.clock() + timedelta(days=2)).strftime("%Y-%m-%dT09:00")
    payloads: dict[str, dict[str, Any]] = rj_payloads(desa, when) | {
        "assess": {
            "assessment": "Para pihak bersedia bermusyawarah.",
            "risk_level": rng.choice(["rendah", "sedang", "tinggi"]),
        },
        "schedule_mediation": {"session_at": when, "place": f"Balai {desa.name}"},
        "reschedule": {
            "session_at": when,
            "place": f"Balai {desa.name}",
            "note": "Terlapor berhalangan hadir.",
        },
        "escalate": {
            "reason": "Para pihak menolak berdamai; ada unsur pidana.",
            "target": rng.choice(["reskrim_polsek", "unit_ppa", "pemerintah_desa"]),
        },
        "accept_escalation": {"decision_note": "Dilimpahkan ke Unit Reskrim."},
        "return_escalation": {"instructions": "Coba mediasi sekali lagi dengan kepala desa."},
        "withdraw": {"reason": "Pelapor mencabut laporan setelah berdamai sendiri."},
        "follow_up": {"action_plan": "Patroli malam bersama linmas."},
        "resolve": {"resolution": "Patroli rutin berjalan; warga puas."},
        "forward": {"target": "pemerintah_desa", "reason": "Kewenangan pemerintah desa."},
        "reject": {"reason": "Bukan ranah kepolisian."},
        "agree": {"summary": "Para pihak berdamai; ganti rugi dibayar dan permintaan maaf."},
        "close": {"closing_note": "Semua kewajiban dalam kesepakatan telah dipenuhi."},
        "reopen": {
            "reason": "Terlapor tidak membayar angsuran sesuai kesepakatan.",
            "session_at": when,
            "place": f"Balai {desa.name}",
        },
        "escalate_breach": {
            "reason": "Terlapor mengingkari kesepakatan damai.",
            "target": "reskrim_polsek",
        },
    }
    for trigger in path:
        if is_check(trigger):
            payload = check_payload(service, case, trigger)
            service.fire(case.id, "check_eligibility", officer, payload, case.version)
            continue
        if trigger == CONSENT:
            give_consent(service, case, officer)
            continue
        if trigger in AGREEMENT_STEPS:
            AGREEMENT_STEPS[trigger](service, case, officer, desa, rng)
            continue
        if trigger == "fail_session":
            latest = sessions_of(service.session, case.id)[-1]
            record = SessionRecord(
                outcome="failed",
                held_at=service.clock() - timedelta(hours=1),
                attendees=f"{a}, Bhabinkamtibmas, {tokoh[0].name if tokoh else 'perangkat desa'}",
                minutes=f"{b} tidak hadir; pelapor meminta dijadwalkan ulang.",
            )
            MediationService(service).record(case.id, latest.id, officer, record, case.version)
            continue
        if trigger == "invite":
            if tokoh:
                service.invite_tokoh(
                    case.id,
                    officer,
                    TokohInvite(tokoh_id=tokoh[0].id, role="mediator"),
                    case.version,
                )
            continue
        by_supervisor = ("accept_escalation", "return_escalation", "approve")
        actor = supervisor if trigger in by_supervisor else officer
        service.fire(case.id, trigger, actor, payloads[trigger], case.version)
