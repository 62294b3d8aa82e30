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
from mediasi.cases.stays import follow


def json_value(value: Any) -> Any:
    """Column values as they go into an event payload (UUIDs as text)."""
    return str(value) if isinstance(value, UUID) else value


def event_row(
    link: tuple[UUID, int, str],
    actor: Actor,
    trigger: str,
    states: tuple[str | None, str],
    payload: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """The columns of one chained event, its hash computed: for ``append_event`` and for a
    writer that moves many cases with plain statements (a workflow migration). ``link`` is
    the case's id, the event's sequence number and the hash of the event before it."""
    case_id, seq, prev_hash = link
    fields: dict[str, Any] = {
        "case_id": case_id,
        "seq": seq,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "actor_role": actor.role,
        "trigger": trigger,
        "from_state": states[0],
        "to_state": states[1],
        "payload": payload,
        "created_at": now,
    }
    return {**fields, "prev_hash": prev_hash, "hash": event_hash(**fields, prev_hash=prev_hash)}


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
    hash the case row keeps of its newest event. The case's stays follow the event (the
    statistics' read model, :mod:`mediasi.cases.stays`), written with it.
    """
    seq = 1 if case.version is None else case.version + 1
    prev_hash = GENESIS if seq == 1 else case.last_hash
    states = (from_state, to_state)
    row = event_row((case.id, seq, prev_hash), actor, trigger, states, payload, now)
    event = Event(**row)
    event.case = case
    case.version = seq
    case.last_hash = event.hash
    case.updated_at = now
    session.add(event)
    follow(event, case)
    return event
