"""The case page's side of the link: the forum aspiration a case started from, if any."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.cases.models import Case
from mediasi.forum.models import Forum, ForumAspiration


def forum_section(session: Session, case: Case, actor: Actor) -> dict[str, Any]:
    """For officers and supervisors: the aspiration and its forum (a tokoh sees the case only)."""
    if actor.role not in (Role.OFFICER, Role.SUPERVISOR):
        return {"forum_origin": None}
    row = session.execute(
        select(ForumAspiration, Forum.name)
        .join(Forum, Forum.id == ForumAspiration.forum_id)
        .where(ForumAspiration.case_id == case.id)
    ).first()
    return {"forum_origin": (row[0], row[1]) if row else None}
