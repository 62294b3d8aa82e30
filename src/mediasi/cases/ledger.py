"""Appending a chained event to a case: the one way any feature writes a case's history."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.chain import GENESIS, event_hash
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case


def json_value(value: Any) -> Any:
    """Column values as they go into an event payload (UUIDs as text)."""
    return str(value) if isinstance(value, UUID) else value


def append_event(
    session: Session,
    case: Case,
    actor: Actor,
    trigger: str,
    from_state: str | None,
    to_state: str,
    payload: dict[str, Any],
    now: datetime,
) -> Event:
    """Chain one event to the case and make sure the case row is written (its version bumps).

    The sequence number is the version the case is about to get, so the unique (case, seq)
    index and the optimistic lock on the case row both stop a second writer; the link is the
    hash the case row keeps of its newest event.
    """
    seq = 1 if case.version is None else case.version + 1
    prev_hash = GENESIS if seq == 1 else case.last_hash
    fields: dict[str, Any] = {
        "case_id": case.id,
        "seq": seq,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "actor_role": actor.role,
        "trigger": trigger,
        "from_state": from_state,
        "to_state": to_state,
        "payload": payload,
        "created_at": now,
    }
    event = Event(**fields, prev_hash=prev_hash, hash=event_hash(**fields, prev_hash=prev_hash))
    event.case = case
    case.version = seq
    case.last_hash = event.hash
    case.updated_at = now
    session.add(event)
    return event
