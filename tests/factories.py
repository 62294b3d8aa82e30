"""A small, known world for tests: two Polsek, three desa, one person of each role and more."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User
from mediasi.accounts.passwords import hash_password
from mediasi.cases.schemas import CaseCreate, PartyInput
from mediasi.db.base import utcnow

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
