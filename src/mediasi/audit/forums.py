"""Verifying each forum's own chain, as ``audit verify`` does for the cases' and reports'."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.audit.services import chain_problems, in_batches
from mediasi.forum.models import Forum, ForumEvent


def forum_link(event: ForumEvent) -> tuple[UUID, str | None, str]:
    return event.forum_id, event.from_status, event.to_status


def verify_forums(session: Session, batch: int = 500) -> Iterator[tuple[str, list[str]]]:
    """(the forum's name, the breaks in its chain) for every forum, in batches: the chain must
    be as long as the forum's version, and its last event the hash the forum keeps."""
    for forum in in_batches(session, Forum, batch):
        events = list(
            session.scalars(
                select(ForumEvent).where(ForumEvent.forum_id == forum.id).order_by(ForumEvent.seq)
            )
        )
        problems = chain_problems(events, forum.version, link=forum_link)
        if events and forum.last_hash != events[-1].hash:
            problems.append("the forum's last hash is not its newest event's")
        yield f"{forum.name} ({forum.id})", problems
