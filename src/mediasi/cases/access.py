"""Which cases an actor may see, as a SQL condition every case query carries.

Areas nest Polda > Polres > Polsek > desa: an officer sees the desa they hold, a supervisor
everything under their node, a tokoh only the cases they take part in, an admin none.
"""

from __future__ import annotations

from functools import cache
from uuid import UUID

from sqlalchemy import ColumnElement, Select, bindparam, false, select, true
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
    if actor.role != Role.SYSTEM and actor.id is None:
        return false()
    return _scope(actor.role, actor.id, in_list_order)


def _scope(
    role: Role, actor_id: UUID | ColumnElement[UUID] | None, in_list_order: bool
) -> ColumnElement[bool]:
    """The scope of an actor of ``role`` whose id is ``actor_id`` (a value, or a parameter of
    a statement built once for every actor of that role)."""
    if role == Role.SYSTEM:
        return true()
    if role == Role.OFFICER:
        held = select(OfficerDesa.desa_id).where(OfficerDesa.user_id == actor_id)
        return Case.desa_id.in_(held)
    if role == Role.SUPERVISOR:
        node_path = (
            select(Area.path).join(User, User.area_id == Area.id).where(User.id == actor_id)
        ).scalar_subquery()
        under = select(Area.id).where(_under(node_path))
        desa = not_an_index_key(Case.desa_id) if in_list_order else Case.desa_id
        return desa.in_(under)
    if role == Role.TOKOH:
        mine = (
            select(CaseTokoh.case_id)
            .join(Tokoh, Tokoh.id == CaseTokoh.tokoh_id)
            .where(Tokoh.user_id == actor_id)
        )
        return Case.id.in_(mine)
    return false()


_ID = Case.__table__.c.id.type


@cache
def _one_case(role: Role) -> Select[tuple[Case]]:
    """The statement that reads one case in scope, built once per role: every step and case
    page reads its case through it, and building it anew per request (with the actor's id as
    a literal) cost SQLAlchemy a fresh cache key each time."""
    scope = _scope(role, bindparam("scope_actor", type_=_ID), in_list_order=False)
    return select(Case).where(Case.id == bindparam("scope_case", type_=_ID), scope)


def visible_case(session: Session, case_id: UUID, actor: Actor) -> Case | None:
    """The case if ``actor`` may see it, else None."""
    if actor.role != Role.SYSTEM and actor.id is None:
        return None
    params = {"scope_case": case_id, "scope_actor": actor.id}
    return session.scalars(_one_case(actor.role), params).one_or_none()


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
