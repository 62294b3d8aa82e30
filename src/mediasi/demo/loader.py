"""Load the demo through the same services a user goes through, so every event chain is real."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User
from mediasi.accounts.passwords import hash_password
from mediasi.agreements.decisions import ClientInfo
from mediasi.agreements.drafting import DraftingService
from mediasi.agreements.lookups import AgreementLookups
from mediasi.agreements.obligations import ObligationService
from mediasi.agreements.schemas import AgreementDraft, InPersonSignature, ObligationMark
from mediasi.agreements.signing import SigningService
from mediasi.agreements.status import OPEN
from mediasi.cases.hooks import CaseHooks
from mediasi.cases.models import Case, Party
from mediasi.cases.schemas import CaseCreate, PartyInput, TokohInvite
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.demo import data
from mediasi.mediation.schemas import SessionRecord
from mediasi.mediation.services import MediationService, sessions_of
from mediasi.workflow.durations import LOCAL_TZ
from mediasi.workflow.engine import WorkflowEngine

CASES = 60
SEED = 20261124

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
PENGADUAN_PATHS: list[list[str]] = [
    [],
    ["follow_up"],
    ["follow_up", "resolve"],
    ["forward"],
    ["reject"],
]


def _code(name: str) -> str:
    return name.upper().replace(" ", "-")


def _area(session: Session, code: str, name: str, level: str, parent: Area | None) -> Area:
    area = session.scalars(select(Area).where(Area.code == code)).one_or_none()
    if area is None:
        path = f"{parent.path if parent else '/'}{code}/"
        area = Area(
            code=code, name=name, level=level, parent_id=parent.id if parent else None, path=path
        )
        session.add(area)
        session.flush()
    return area


def load_demo(
    session: Session, engine: WorkflowEngine, hooks: CaseHooks, say: Callable[[str], None]
) -> None:
    """Create what is missing; running it twice changes nothing the second time."""
    rng = random.Random(SEED)
    polda = _area(session, data.POLDA[0], data.POLDA[1], "polda", None)
    polres = _area(session, data.POLRES[0], data.POLRES[1], "polres", polda)
    desa_by_name: dict[str, Area] = {}
    areas = {polres.code: polres}
    for code, (name, villages) in data.POLSEK.items():
        polsek = _area(session, code, name, "polsek", polres)
        areas[code] = polsek
        for village in villages:
            desa_by_name[village] = _area(
                session, _code(village), f"Desa {village}", "desa", polsek
            )
    say(f"areas: 1 Polda, 1 Polres, {len(data.POLSEK)} Polsek, {len(desa_by_name)} desa")

    password = hash_password(data.DEMO_PASSWORD)
    users: dict[str, User] = {}
    for username, full_name, rank, role, area_code, held in data.USERS:
        user = session.scalars(select(User).where(User.username == username)).one_or_none()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                rank=rank,
                role=role,
                area_id=areas[area_code].id,
                password_hash=password,
                password_changed_at=utcnow(),
            )
            session.add(user)
            session.flush()
            for village in held:
                session.add(OfficerDesa(user_id=user.id, desa_id=desa_by_name[village].id))
        users[username] = user
    tokoh_by_desa: dict[Any, list[Tokoh]] = {}
    for name, kind, title, village, login_name in data.TOKOH:
        desa = desa_by_name[village]
        tokoh = session.scalars(
            select(Tokoh).where(Tokoh.name == name, Tokoh.desa_id == desa.id)
        ).one_or_none()
        if tokoh is None:
            user_id = None
            if login_name:
                login = session.scalars(
                    select(User).where(User.username == login_name)
                ).one_or_none()
                if login is None:
                    login = User(
                        username=login_name,
                        full_name=name,
                        role="tokoh",
                        area_id=desa.id,
                        password_hash=password,
                        password_changed_at=utcnow(),
                    )
                    session.add(login)
                    session.flush()
                user_id = login.id
            tokoh = Tokoh(name=name, kind=kind, title=title, desa_id=desa.id, user_id=user_id)
            session.add(tokoh)
            session.flush()
        tokoh_by_desa.setdefault(desa.id, []).append(tokoh)
    session.flush()
    say(f"users: {len(data.USERS) + 1} (password '{data.DEMO_PASSWORD}'), tokoh: {len(data.TOKOH)}")

    existing = session.execute(
        select(func.count())
        .select_from(Case)
        .where(Case.polsek_id.in_([a.id for a in areas.values()]))
    ).scalar_one()
    if existing:
        say(f"cases: {existing} already present, none added")
        return

    officers = {
        v: u for u in users.values() if u.role == "officer" for v in _held(data.USERS, u.username)
    }
    supervisors = {
        "KEPANJEN": users["pengawas"],
        "PAKISAJI": users["pengawas2"],
        "SUMBERPUCUNG": users["kasatbinmas"],
    }
    now = utcnow()
    for i in range(CASES):
        village = list(desa_by_name)[i % len(desa_by_name)]
        desa = desa_by_name[village]
        officer = officers[village]
        polsek_code = next(c for c, (_, vs) in data.POLSEK.items() if village in vs)
        started = now - timedelta(days=rng.randint(0, 21), hours=rng.randint(0, 12))
        clock = _Clock(started, rng)
        service = CaseService(session, engine, hooks, clock=clock)
        complaint = i % 5 == 4
        _demo_case(
            service,
            rng,
            i,
            Actor.of(officer),
            Actor.of(supervisors[polsek_code]),
            desa,
            tokoh_by_desa.get(desa.id, []),
            complaint,
        )
        if (i + 1) % 15 == 0:
            say(f"cases: {i + 1}/{CASES}")
    say(f"cases: {CASES} created across every state of both workflows")


def _held(users: list[Any], username: str) -> list[str]:
    return next(row[5] for row in users if row[0] == username)


class _Clock:
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


def _phone(rng: random.Random) -> str:
    return "08" + "".join(str(rng.randint(0, 9)) for _ in range(10))


def _demo_case(
    service: CaseService,
    rng: random.Random,
    i: int,
    officer: Actor,
    supervisor: Actor,
    desa: Area,
    tokoh: list[Tokoh],
    complaint: bool,
) -> None:
    a, b = _person(rng), _person(rng)
    if complaint:
        category = rng.choice(list(data.PENGADUAN_TITLES))
        title = data.PENGADUAN_TITLES[category]
        parties = [
            PartyInput(
                role="complainant",
                name=a,
                phone=_phone(rng),
                address=f"RT 0{rng.randint(1, 6)} {desa.name}",
            )
        ]
        path = PENGADUAN_PATHS[(i // 5) % len(PENGADUAN_PATHS)]
    else:
        category = rng.choice(list(data.SENGKETA_TITLES))
        title = data.SENGKETA_TITLES[category].format(
            a=a, b=b, amount=f"{rng.randint(2, 40)}00.000"
        )
        parties = [
            PartyInput(
                role="complainant",
                name=a,
                nik=_nik(rng),
                phone=_phone(rng),
                address=f"RT 0{rng.randint(1, 6)} {desa.name}",
            ),
            PartyInput(
                role="respondent",
                name=b,
                nik=_nik(rng),
                phone=_phone(rng),
                address=f"RT 0{rng.randint(1, 6)} {desa.name}",
            ),
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
            workflow="pengaduan" if complaint else "sengketa",
            category=category,
            title=title,
            description=f"Dilaporkan oleh {a} kepada Bhabinkamtibmas {desa.name}.",
            desa_id=desa.id,
            reporter_name=a,
            reporter_phone=_phone(rng),
            parties=parties,
        ),
    )
    when = (service.clock() + timedelta(days=2)).strftime("%Y-%m-%dT09:00")
    payloads: dict[str, dict[str, Any]] = {
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
        actor = supervisor if trigger in ("accept_escalation", "return_escalation") else officer
        service.fire(case.id, trigger, actor, payloads[trigger], case.version)


# ---- the agreement steps of a demo path ----------------------------------------------------

DEMO_CLIENT = ClientInfo.of("127.0.0.1", "mediasi demo loader")
AgreementStep = Callable[[CaseService, Case, Actor, Area, random.Random], None]


def _hold(service: CaseService, case: Case, officer: Actor, desa: Area, rng: random.Random) -> None:
    """The scheduled session took place and the parties agreed."""
    latest = sessions_of(service.session, case.id)[-1]
    record = SessionRecord(
        outcome="agreed",
        held_at=service.clock() - timedelta(hours=1),
        attendees="Para pihak, Bhabinkamtibmas dan tokoh masyarakat",
        minutes="Para pihak bersepakat berdamai; kesepakatan akan dituangkan secara tertulis.",
    )
    MediationService(service).record(case.id, latest.id, officer, record, case.version)


def _agreement(
    service: CaseService,
    case: Case,
    officer: Actor,
    desa: Area,
    rng: random.Random,
    tokoh_sign: bool = True,
) -> None:
    """Draft, freeze, and have every required signatory sign, each the way they would
    (a tokoh with a login from their own account, unless ``tokoh_sign`` is off)."""
    drafting = DraftingService(service)
    signing = SigningService(service)
    session = service.session
    respondent = session.scalars(
        select(Party).where(Party.case_id == case.id, Party.role == "respondent")
    ).first()
    assert respondent is not None
    today = service.clock().astimezone(LOCAL_TZ).date()
    draft = AgreementDraft.model_validate(
        {
            "place": f"Balai {desa.name}",
            "chronology": case.description or case.title,
            "obligations": [
                {
                    "obligor": f"party:{respondent.id}",
                    "kind": "payment",
                    "description": "Membayar ganti rugi kepada pelapor",
                    "amount": rng.randint(5, 40) * 100_000,
                    "instalments": rng.choice([1, 2, 3]),
                    "due_date": today + timedelta(days=rng.randint(30, 60)),
                },
                {
                    "obligor": f"party:{respondent.id}",
                    "kind": "apology",
                    "description": "Meminta maaf kepada pelapor di hadapan ketua RT",
                    "due_date": today + timedelta(days=7),
                },
            ],
        }
    )
    version = drafting.save_draft(case.id, officer, draft, case.version)
    version = drafting.freeze(case.id, officer, version.number, case.version)
    for person in version.content["signatories"]:
        if person["login"] and not tokoh_sign:
            continue
        if person["login"]:
            tokoh = session.get(Tokoh, UUID(person["key"].split(":", 1)[1]))
            user = session.get(User, tokoh.user_id) if tokoh and tokoh.user_id else None
            assert user is not None
            actor = Actor.of(user)
            signing.record_view(version.agreement_id, actor, DEMO_CLIENT)
            signing.sign_as_tokoh(
                version.agreement_id, actor, version.number, case.version, DEMO_CLIENT
            )
        else:
            signing.sign_in_person(
                case.id,
                person["key"],
                officer,
                InPersonSignature(consent=True, typed_name=person["name"]),
                version.number,
                case.version,
                DEMO_CLIENT,
            )


def _open_obligations(service: CaseService, case: Case) -> list[Any]:
    lookups = AgreementLookups(service.session)
    version = lookups.current_of(case.id)
    assert version is not None
    return [o for o in lookups.obligations_of(version.id) if o.status == OPEN]


def _keep_all(
    service: CaseService, case: Case, officer: Actor, desa: Area, rng: random.Random
) -> None:
    obligations = ObligationService(service)
    for obligation in _open_obligations(service, case):
        mark = ObligationMark(status="kept", note="Dipenuhi; dikonfirmasi pelapor.")
        obligations.mark(case.id, obligation.id, officer, mark, case.version)


def _break(
    service: CaseService, case: Case, officer: Actor, desa: Area, rng: random.Random
) -> None:
    first = _open_obligations(service, case)[0]
    mark = ObligationMark(status="broken", note="Angsuran tidak dibayar sampai tenggat.")
    ObligationService(service).mark(case.id, first.id, officer, mark, case.version)


def _agreement_awaiting_tokoh(
    service: CaseService, case: Case, officer: Actor, desa: Area, rng: random.Random
) -> None:
    """Frozen and signed by the parties; the tokoh's own signature is still to come."""
    _agreement(service, case, officer, desa, rng, tokoh_sign=False)


AGREEMENT_STEPS: dict[str, AgreementStep] = {
    "hold": _hold,
    "agreement": _agreement,
    "agreement_awaiting_tokoh": _agreement_awaiting_tokoh,
    "keep_all": _keep_all,
    "break": _break,
}
