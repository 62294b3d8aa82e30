"""A small, known world for tests: two Polsek, three desa, one person of each role and more."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User
from mediasi.accounts.passwords import hash_password
from mediasi.cases.hooks import FactsSource
from mediasi.cases.models import Case as CaseRow
from mediasi.cases.schemas import CaseCreate, PartyInput
from mediasi.db.base import utcnow
from mediasi.intake.abuse import form_token
from mediasi.intake.models import PublicReport
from mediasi.intake.schemas import ReportForm
from mediasi.intake.services import IntakeService
from mediasi.mediation.models import MediationSession
from mediasi.mediation.schemas import SessionMove
from mediasi.mediation.services import MediationService
from mediasi.runtime import Runtime

PASSWORD = "kata-sandi-uji-123"


@lru_cache(maxsize=1)
def password_hash() -> str:
    return hash_password(PASSWORD)


@dataclass
class World:
    polres: UUID
    polsek_a: UUID
    polsek_b: UUID
    desa_a1: UUID
    desa_a2: UUID
    desa_b1: UUID
    users: dict[str, Actor]
    tokoh_a1: UUID
    tokoh_a1_other: UUID
    tokoh_b1: UUID

    def actor(self, username: str) -> Actor:
        return self.users[username]

    def report(self, desa: UUID | None = None, **overrides: Any) -> CaseCreate:
        """A sengketa report with a complainant and a respondent, ready to assess."""
        data: dict[str, Any] = {
            "workflow": "sengketa",
            "category": "batas_tanah",
            "title": "Sengketa batas sawah",
            "description": "Patok batas dipindah.",
            "desa_id": desa or self.desa_a1,
            "reporter_name": "Darto Santoso",
            "parties": [
                PartyInput(role="complainant", name="Darto Santoso", nik="3507010101010001"),
                PartyInput(role="respondent", name="Slamet Wibowo", phone="081234567890"),
            ],
        }
        data.update(overrides)
        return CaseCreate(**data)


def _area(session: Session, code: str, level: str, parent: Area | None) -> Area:
    area = Area(
        code=code,
        name=code.title(),
        level=level,
        parent_id=parent.id if parent else None,
        path=f"{parent.path if parent else '/'}{code}/",
    )
    session.add(area)
    session.flush()
    return area


def _user(session: Session, username: str, role: str, area: Area, held: list[Area] = ()) -> User:  # type: ignore[assignment]
    user = User(
        username=username,
        full_name=username.title(),
        role=role,
        area_id=area.id,
        password_hash=password_hash(),
        password_changed_at=utcnow(),
    )
    session.add(user)
    session.flush()
    for desa in held:
        session.add(OfficerDesa(user_id=user.id, desa_id=desa.id))
    return user


def build_world(session: Session) -> World:
    polda = _area(session, "JATIM", "polda", None)
    polres = _area(session, "MALANG", "polres", polda)
    polsek_a = _area(session, "KEPANJEN", "polsek", polres)
    polsek_b = _area(session, "PAKISAJI", "polsek", polres)
    a1 = _area(session, "NGADILANGKUNG", "desa", polsek_a)
    a2 = _area(session, "TALANGAGUNG", "desa", polsek_a)
    b1 = _area(session, "WADUNG", "desa", polsek_b)
    users = {
        "officer": _user(session, "officer", "officer", polsek_a, [a1, a2]),
        "officer_b": _user(session, "officer_b", "officer", polsek_b, [b1]),
        "supervisor": _user(session, "supervisor", "supervisor", polsek_a),
        "supervisor_b": _user(session, "supervisor_b", "supervisor", polsek_b),
        "polres_supervisor": _user(session, "polres_supervisor", "supervisor", polres),
        "tokoh": _user(session, "tokoh", "tokoh", a1),
        "admin": _user(session, "admin", "admin", polres),
    }
    t1 = Tokoh(name="KH. Abdul Rohman", kind="agama", desa_id=a1.id, user_id=users["tokoh"].id)
    t2 = Tokoh(name="Pak Suwarno", kind="kepala_desa", desa_id=a1.id)
    t3 = Tokoh(name="Pdt. Yohanes", kind="agama", desa_id=b1.id)
    session.add_all([t1, t2, t3])
    session.flush()
    return World(
        polres=polres.id,
        polsek_a=polsek_a.id,
        polsek_b=polsek_b.id,
        desa_a1=a1.id,
        desa_a2=a2.id,
        desa_b1=b1.id,
        users={name: Actor.of(u) for name, u in users.items()},
        tokoh_a1=t1.id,
        tokoh_a1_other=t2.id,
        tokoh_b1=t3.id,
    )


# ---- added for the integration tests ------------------------------------------------------

# Payloads that pass each sengketa/pengaduan trigger's field checks.
PAYLOADS: dict[str, dict[str, Any]] = {
    "assess": {"assessment": "Para pihak bersedia bermusyawarah.", "risk_level": "sedang"},
    "schedule_mediation": {"session_at": "2026-05-12T09:00", "place": "Balai desa"},
    "escalate": {"reason": "Para pihak menolak berdamai.", "target": "reskrim_polsek"},
    "accept_escalation": {"decision_note": "Dilimpahkan ke Unit Reskrim."},
    "return_escalation": {"instructions": "Coba mediasi sekali lagi."},
    "withdraw": {"reason": "Pelapor mencabut laporan."},
    "follow_up": {"action_plan": "Patroli malam bersama linmas."},
    "resolve": {"resolution": "Warga puas."},
    "forward": {"target": "pemerintah_desa", "reason": "Kewenangan pemerintah desa."},
    "reject": {"reason": "Bukan ranah kepolisian."},
}

# The clarification of a restorative justice case (keadilan_restoratif's clarify step).
RJ_CLARIFY: dict[str, str] = {
    "clarified_at": "2026-05-11T09:00",
    "place": "Balai desa",
    "record": "Para pihak membenarkan kejadian.",
    "victim_account": "Sepeda korban diambil dari teras rumah pada malam hari.",
    "offender_account": "Terlapor mengakui mengambil sepeda dan bersedia mengembalikannya.",
    "written_requests": "kedua_pihak",
}


class FixedClock:
    """A clock that says what it is told; ``advance`` moves it on."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> datetime:
        self.now += delta
        return self.now


ROOT_DIR = Path(__file__).resolve().parent.parent


def cli_env(database_url: str) -> dict[str, str]:
    """The environment the ``mediasi`` command reads, pointed at ``database_url``."""
    return {
        "MEDIASI_DATABASE_URL": database_url,
        "MEDIASI_ROOT_DIR": str(ROOT_DIR),
        "MEDIASI_DEADLINE_SCANNER": "false",
        "MEDIASI_NOTIFY_DISPATCHER": "false",
    }


# ---- added for the deadline and supervision tests -----------------------------------------


class TimedCases:
    """Cases moved through the case service, each step at a time the test chooses."""

    def __init__(self, runtime: Any, world: World) -> None:
        self.runtime = runtime
        self.world = world

    def _service(self, session: Session, at: datetime) -> Any:

        return self.runtime.case_service(session, clock=lambda: at)

    def report(self, at: datetime, *, by: str = "officer", **overrides: Any) -> UUID:
        with self.runtime.sessions.begin() as session:
            case = self._service(session, at).report(
                self.world.actor(by), self.world.report(**overrides)
            )
            return case.id

    def fire(
        self, case_id: UUID, trigger: str, at: datetime, *, by: str = "officer", **payload: Any
    ) -> None:
        from mediasi.cases.models import Case

        with self.runtime.sessions.begin() as session:
            version = session.get(Case, case_id).version
            self._service(session, at).fire(
                case_id,
                trigger,
                self.world.actor(by),
                {**PAYLOADS.get(trigger, {}), **payload},
                version,
            )

    def invite(self, case_id: UUID, at: datetime, tokoh_id: UUID | None = None) -> None:
        from mediasi.cases.models import Case
        from mediasi.cases.schemas import TokohInvite

        with self.runtime.sessions.begin() as session:
            version = session.get(Case, case_id).version
            self._service(session, at).invite_tokoh(
                case_id,
                self.world.actor("officer"),
                TokohInvite(tokoh_id=tokoh_id or self.world.tokoh_a1, role="mediator"),
                version,
            )

    def mediated(self, at: datetime, **overrides: Any) -> UUID:
        """Reported, assessed, a mediator invited and a session scheduled, all at ``at``."""
        case_id = self.report(at, **overrides)
        self.fire(case_id, "assess", at)
        desa = overrides.get("desa")
        tokoh = self.world.tokoh_b1 if desa == self.world.desa_b1 else None
        self.invite(case_id, at, tokoh)
        self.fire(case_id, "schedule_mediation", at)
        return case_id

    def move_session(self, case_id: UUID, at: datetime, session_at: datetime, place: str) -> None:
        """Move the case's scheduled session, at ``at``, to ``session_at`` in ``place``."""
        with self.runtime.sessions.begin() as session:
            version = session.get(CaseRow, case_id).version
            row = session.scalars(
                select(MediationSession).where(
                    MediationSession.case_id == case_id, MediationSession.status == "scheduled"
                )
            ).one()
            MediationService(self._service(session, at)).move(
                case_id,
                row.id,
                self.world.actor("officer"),
                SessionMove(session_at=session_at, place=place),
                version,
            )

    def escalated(self, at: datetime, *, by: str = "officer", **payload: Any) -> UUID:
        """Reported at ``at`` and escalated straight away by the officer (``by``)."""
        desa = payload.pop("desa", None)
        title = payload.pop("title", "Sengketa batas sawah")
        case_id = self.report(at, by=by, desa=desa, title=title)
        self.fire(case_id, "escalate", at, by=by, **payload)
        return case_id


def add_facts(
    monkeypatch: pytest.MonkeyPatch,
    runtime: Runtime,
    provider: Callable[[Session, CaseRow], dict[str, Any]],
) -> None:
    """Give the guards of every case more facts (read without a column), for this test only."""
    hooks = runtime.hooks
    source = FactsSource(
        lambda _case_id: {}, lambda session, case, _values: provider(session, case)
    )
    extended = dataclasses.replace(hooks, facts_sources=(*hooks.facts_sources, source))
    monkeypatch.setattr(runtime, "hooks", extended)


REPORTED_WHAT = "Patok batas sawah dipindah tetangga saat musim tanam.\nSudah dua kali terjadi."


def submitted(runtime: Runtime, world: World, **fields: Any) -> PublicReport:
    """A report sent through the public door of desa A1 (a minute after the form was shown)."""
    form = {
        "desa_id": str(world.desa_a1),
        "topic": "sengketa:batas_tanah",
        "what": REPORTED_WHAT,
        "place": "Dusun Krajan RT 02",
        "reporter_name": "Sumiati",
        "reporter_phone": "0812-3456-7890",
        "consent": True,
        "started": form_token(runtime.settings.secret_key, utcnow() - timedelta(minutes=1)),
        **fields,
    }
    with runtime.sessions.begin() as session:
        service = IntakeService(session, runtime.settings, runtime.workflows)
        return service.submit(ReportForm.model_validate(form), "10.0.0.7")
