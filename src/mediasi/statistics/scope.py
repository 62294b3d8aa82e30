"""Which desa a statistics page counts: the actor's reach, narrowed to the area asked for.

A supervisor counts the desa under their node and may drill down to any area beneath it; an
officer counts the desa they hold and may narrow to one of them. Any other area is not found
(404), the same answer as for an area that does not exist, so a code reveals nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, SQLColumnExpression, select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, User, path_begins
from mediasi.accounts.roles import Role
from mediasi.accounts.zones import area_timezone
from mediasi.errors import NotFound
from mediasi.i18n import _

DESA = "desa"


@dataclass(frozen=True)
class Unit:
    """An area one row of the drill-down table counts (a Polsek of a Polres, a desa)."""

    id: UUID
    code: str
    name: str
    level: str
    path: str


@dataclass(frozen=True)
class Scope:
    """The area counted (None: all the desa an officer holds), its desa, its time zone, and
    the areas one level down for the drill-down table."""

    area: Unit | None
    desa: tuple[Unit, ...]
    zone: ZoneInfo
    units: tuple[Unit, ...]
    unit_of: dict[UUID, UUID]  # desa id → the id of the unit (row) it counts under
    trail: tuple[Unit, ...]  # the areas above ``area`` within reach, for the way back up

    @property
    def desa_ids(self) -> tuple[UUID, ...]:
        return tuple(d.id for d in self.desa)

    def covers(self, desa: SQLColumnExpression[Any]) -> ColumnElement[bool]:
        return desa.in_(self.desa_ids)

    def per_desa(self) -> Scope:
        """The same scope with one row per desa, however high its area (a Polres's monthly
        pack compares desa across its Polsek)."""
        return replace(self, units=self.desa, unit_of={d.id: d.id for d in self.desa})


def _unit(area: Area) -> Unit:
    return Unit(area.id, area.code, area.name, area.level, area.path)


def _reach(session: Session, actor: Actor) -> list[Area]:
    """The areas the actor may ask for: a supervisor's node and all beneath it, an officer's
    own desa, every area for the system (the command line's monthly pack); none for anyone
    else."""
    if actor.role == Role.SYSTEM:
        return list(session.scalars(select(Area)))
    if actor.role == Role.SUPERVISOR and actor.id is not None:
        node = select(Area.path).join(User, User.area_id == Area.id).where(User.id == actor.id)
        return list(
            session.scalars(select(Area).where(path_begins(Area.path, node.scalar_subquery())))
        )
    if actor.role == Role.OFFICER and actor.id is not None:
        held = select(OfficerDesa.desa_id).where(OfficerDesa.user_id == actor.id)
        return list(session.scalars(select(Area).where(Area.id.in_(held))))
    return []


def _home(session: Session, actor: Actor) -> UUID | None:
    return session.scalar(select(User.area_id).where(User.id == actor.id))


def scope_of(session: Session, actor: Actor, code: str | None, default_zone: str) -> Scope:
    """The scope of ``code`` (an area's code; None: the actor's whole reach)."""
    reach = sorted(_reach(session, actor), key=lambda a: a.path)
    if code is None:
        top = reach[0] if actor.role == Role.SUPERVISOR and reach else None
    else:
        top = next((a for a in reach if a.code == code), None)
        if top is None:
            raise NotFound(_("Wilayah itu tidak ditemukan di wilayah Anda."))
    inside = [a for a in reach if top is None or a.path.startswith(top.path)]
    desa = [a for a in inside if a.level == DESA]
    depth = top.path.count("/") + 1 if top else None
    units = [a for a in inside if depth is not None and a.path.count("/") == depth]
    shown = units if top else desa
    zone_of = top.id if top else _home(session, actor)
    trail = [a for a in reach if top and top.path.startswith(a.path) and a.id != top.id]
    return Scope(
        area=_unit(top) if top else None,
        desa=tuple(_unit(a) for a in desa),
        zone=ZoneInfo(area_timezone(session, zone_of, default_zone)),
        units=tuple(_unit(a) for a in shown),
        unit_of={d.id: u.id for d in desa for u in shown if d.path.startswith(u.path)},
        trail=tuple(_unit(a) for a in trail),
    )
