"""What the handover pages read: the desa and officers in a person's reach, each desa's holder,
the handovers made there, and those an officer received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.orm import Session, aliased

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, User, path_begins
from mediasi.accounts.roles import AreaLevel, Role
from mediasi.handover.models import Handover


@dataclass(frozen=True)
class DesaHolder:
    desa: Area
    officer_id: UUID | None
    officer_name: str | None


@dataclass(frozen=True)
class HandoverRow:
    handover: Handover
    desa_name: str
    from_name: str | None
    to_name: str
    by_name: str


def _node_path(actor: Actor) -> ColumnElement[str]:
    return (
        select(Area.path).join(User, User.area_id == Area.id).where(User.id == actor.id)
    ).scalar_subquery()


def _reach(actor: Actor, area: type[Area] | Area) -> ColumnElement[bool]:
    """A supervisor reaches the areas under their node; an admin every area."""
    if actor.role == Role.ADMIN:
        return true()
    return path_begins(area.path, _node_path(actor))  # type: ignore[arg-type]


class HandoverQueries:
    def __init__(self, session: Session) -> None:
        self.session = session

    def desa_in_reach(self, actor: Actor) -> list[DesaHolder]:
        """Every desa the actor may hand over, with the officer holding it now (by name)."""
        rows = self.session.execute(
            select(Area, User.id, User.full_name)
            .outerjoin(OfficerDesa, OfficerDesa.desa_id == Area.id)
            .outerjoin(User, User.id == OfficerDesa.user_id)
            .where(Area.level == AreaLevel.DESA, _reach(actor, Area))
            .order_by(Area.name, User.full_name)
        ).all()
        return [DesaHolder(area, officer_id, name) for area, officer_id, name in rows]

    def officers_in_reach(self, actor: Actor) -> list[User]:
        """The active officers whose Polsek is under the actor's node (any, for an admin)."""
        polsek = aliased(Area)
        return list(
            self.session.scalars(
                select(User)
                .join(polsek, polsek.id == User.area_id)
                .where(User.role == Role.OFFICER, User.is_active.is_(True), _reach(actor, polsek))
                .order_by(User.full_name)
            )
        )

    def _rows(self, where: ColumnElement[bool], limit: int, offset: int = 0) -> list[HandoverRow]:
        giver, taker, by = aliased(User), aliased(User), aliased(User)
        desa = aliased(Area)
        rows = self.session.execute(
            select(Handover, desa.name, giver.full_name, taker.full_name, by.full_name)
            .join(desa, desa.id == Handover.desa_id)
            .outerjoin(giver, giver.id == Handover.from_officer_id)
            .join(taker, taker.id == Handover.to_officer_id)
            .join(by, by.id == Handover.by_user_id)
            .where(where)
            .order_by(Handover.created_at.desc(), Handover.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return [HandoverRow(*row) for row in rows]

    def made_in_reach(self, actor: Actor, limit: int = 50, offset: int = 0) -> list[HandoverRow]:
        """The latest handovers of desa in the actor's reach."""
        return self._rows(Handover.desa_id.in_(self._desa_ids(actor)), limit, offset)

    def count_in_reach(self, actor: Actor) -> int:
        """How many handovers of desa in the actor's reach there are (for the API's pages)."""
        where = Handover.desa_id.in_(self._desa_ids(actor))
        return self.session.scalar(select(func.count()).select_from(Handover).where(where)) or 0

    def _desa_ids(self, actor: Actor) -> Select[tuple[UUID]]:
        return select(Area.id).where(Area.level == AreaLevel.DESA, _reach(actor, Area))

    def received(self, actor: Actor, since: datetime, limit: int = 20) -> list[HandoverRow]:
        """The handovers the officer received since ``since``: the successor's list."""
        if actor.role != Role.OFFICER or actor.id is None:
            return []
        return self._rows(
            (Handover.to_officer_id == actor.id) & (Handover.created_at >= since), limit
        )
