"""Which forums an actor may see and keep, as SQL conditions every forum query carries.

A forum hangs on an area node. An officer keeps the forums of the desa they hold; a supervisor
keeps those of their node and everything under it; the system (the command line, the demo)
every one; a tokoh or an admin none (the routes' guards refuse them first)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.models import Area, OfficerDesa, User, path_begins
from mediasi.accounts.roles import Role
from mediasi.forum.models import Forum


def areas_in_reach(actor: Actor) -> ColumnElement[bool]:
    """The condition on :class:`Area` of the nodes whose forums the actor keeps."""
    if actor.role == Role.SYSTEM:
        return true()
    if actor.id is None:
        return false()
    if actor.role == Role.OFFICER:
        return Area.id.in_(select(OfficerDesa.desa_id).where(OfficerDesa.user_id == actor.id))
    if actor.role == Role.SUPERVISOR:
        node = (
            select(Area.path).join(User, User.area_id == Area.id).where(User.id == actor.id)
        ).scalar_subquery()
        return path_begins(Area.path, node)
    return false()


def visible_forums(actor: Actor) -> ColumnElement[bool]:
    """The condition on :class:`Forum`: its area is in the actor's reach."""
    return Forum.area_id.in_(select(Area.id).where(areas_in_reach(actor)))


def areas_for_forums(session: Session, actor: Actor) -> list[Area]:
    """The nodes a new forum may hang on, the highest first, then by name."""
    return sorted(
        session.scalars(select(Area).where(areas_in_reach(actor))),
        key=lambda a: (a.path.count("/"), a.name),
    )
