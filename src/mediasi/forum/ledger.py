"""A forum's own chained log: each change to the forum, its roster, an activity or an
aspiration is one event, hashed like a case's (``cases.chain.event_hash``) over the forum's id
and the changed thing's status before and after, so one verifier covers every chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.chain import GENESIS, event_hash
from mediasi.forum.models import Forum, ForumEvent

FORUM_CREATED = "forum.created"
FORUM_EDITED = "forum.edited"
MEMBER_JOINED = "member.joined"
MEMBER_LEFT = "member.left"
MEMBER_MOVED = "member.moved"
ACTIVITY_SCHEDULED = "activity.scheduled"
ACTIVITY_RECORDED = "activity.recorded"
PHOTO_ADDED = "activity.photo"
ASPIRATION_RAISED = "aspiration.raised"
ASPIRATION_UPDATED = "aspiration.updated"
ASPIRATION_CASE = "aspiration.case"


def record(
    session: Session,
    forum: Forum,
    actor: Actor,
    trigger: str,
    statuses: tuple[str | None, str],
    payload: dict[str, Any],
    now: datetime,
) -> ForumEvent:
    """Chain one event and move the forum's version with it: the sequence number is the
    version the forum is about to get, so the unique (forum, seq) index and the optimistic
    lock on the forum row both stop a second writer."""
    seq = 1 if forum.version is None else forum.version + 1
    prev = GENESIS if seq == 1 else forum.last_hash
    from_status, to_status = statuses
    fields: dict[str, Any] = {
        "seq": seq,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "actor_role": str(actor.role),
        "trigger": trigger,
        "payload": payload,
        "created_at": now,
        "prev_hash": prev,
    }
    digest = event_hash(case_id=forum.id, from_state=from_status, to_state=to_status, **fields)
    event = ForumEvent(
        forum_id=forum.id, from_status=from_status, to_status=to_status, hash=digest, **fields
    )
    forum.version = seq
    forum.last_hash = digest
    forum.updated_at = now
    session.add(event)
    return event
