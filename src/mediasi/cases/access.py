"""Which cases an actor may see, as a SQL condition every case query carries.

Areas nest Polda > Polres > Polsek > desa: an officer sees the desa they hold, a supervisor
everything under their node, a tokoh only the cases they take part in, an admin none.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, Tokoh, User, path_begins
from mediasi.accounts.roles import Role
from mediasi.cases.models import Case, CaseTokoh
from mediasi.db.planner import not_an_index_key


def _under(node_path: ColumnElement[str]) -> ColumnElement[bool]:
    return path_begins(Area.path, node_path)


def visible_cases(actor: Actor, *, in_list_order: bool = False) -> ColumnElement[bool]:
    """``in_list_order``: the statement reads rows in the list's order, so a supervisor's
    scope (the many desa under their node) filters the ordered index's rows instead of
    picking an index of its own (see mediasi.db.planner). An officer's few desa still pick
    theirs: reading those and sorting them beats skipping every other desa's cases."""
    if actor.role == Role.SYSTEM:
        return true()
    if actor.id is None:
        return false()
    if actor.role == Role.OFFICER:
        held = select(OfficerDesa.desa_id).where(OfficerDesa.user_id == actor.id)
        return Case.desa_id.in_(held)
    if actor.role == Role.SUPERVISOR:
        node_path = (
            select(Area.path).join(User, User.area_id == Area.id).where(User.id == actor.id)
        ).scalar_subquery()
        under = select(Area.id).where(_under(node_path))
        desa = not_an_index_key(Case.desa_id) if in_list_order else Case.desa_id
        return desa.in_(under)
    if actor.role == Role.TOKOH:
        mine = (
            select(CaseTokoh.case_id)
            .join(Tokoh, Tokoh.id == CaseTokoh.tokoh_id)
            .where(Tokoh.user_id == actor.id)
        )
        return Case.id.in_(mine)
    return false()


def desa_in_reach(session: Session, actor: Actor) -> list[Area]:
    """The desa where this actor may report a case."""
    query = select(Area).where(Area.level == "desa").order_by(Area.name)
    if actor.role == Role.OFFICER:
        query = query.where(
            Area.id.in_(select(OfficerDesa.desa_id).where(OfficerDesa.user_id == actor.id))
        )
    elif actor.role == Role.SUPERVISOR:
        node_path = (
            select(Area.path).join(User, User.area_id == Area.id).where(User.id == actor.id)
        ).scalar_subquery()
        query = query.where(_under(node_path))
    elif actor.role != Role.SYSTEM:
        return []
    return list(session.scalars(query))


def officers_of(session: Session, desa: list[Area]) -> list[tuple[UUID, str, str]]:
    """(id, full name, username) of every active officer holding one of these desa (those in
    an actor's reach: see :func:`desa_in_reach`), by name."""
    desa_ids = [d.id for d in desa]
    if not desa_ids:
        return []
    rows = session.execute(
        select(User.id, User.full_name, User.username)
        .join(OfficerDesa, OfficerDesa.user_id == User.id)
        .where(OfficerDesa.desa_id.in_(desa_ids), User.is_active.is_(True))
        .distinct()
        .order_by(User.full_name)
    )
    return [(user_id, name, username) for user_id, name, username in rows]
