"""The demo's world: the area tree of one Polres, its officers and supervisors, and the tokoh
of each desa (some with a login). Whatever already exists is found again, not added twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User
from mediasi.accounts.passwords import hash_password
from mediasi.db.base import utcnow
from mediasi.demo import data


@dataclass(frozen=True)
class World:
    areas: dict[str, Area]  # the Polres and its Polsek, by code
    desa_by_name: dict[str, Area]
    users: dict[str, User]
    tokoh_by_desa: dict[Any, list[Tokoh]]


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


def build_world(session: Session, say: Callable[[str], None]) -> World:
    """The areas, users and tokoh of the demo, created where missing."""
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
    for index, (name, kind, title, village, login_name) in enumerate(data.TOKOH):
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
            tokoh = Tokoh(
                name=name,
                kind=kind,
                title=title,
                desa_id=desa.id,
                user_id=user_id,
                phone=f"+62813555{index:05d}",  # so the demo's delivery log shows their messages
            )
            session.add(tokoh)
            session.flush()
        tokoh_by_desa.setdefault(desa.id, []).append(tokoh)
    session.flush()
    say(f"users: {len(data.USERS) + 1} (password '{data.DEMO_PASSWORD}'), tokoh: {len(data.TOKOH)}")
    return World(areas, desa_by_name, users, tokoh_by_desa)


def held(users: list[Any], username: str) -> list[str]:
    return next(row[5] for row in users if row[0] == username)
