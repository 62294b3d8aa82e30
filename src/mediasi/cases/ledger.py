"""Appending a chained event to a case: the one way any feature writes a case's history."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast
from uuid import UUID, uuid4

from sqlalchemy import Connection, Table, bindparam, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from mediasi.accounts.actor import Actor
from mediasi.cases import rollup
from mediasi.cases.chain import GENESIS, event_hash
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.cases.rollup_parts import HANDLED, STAY_PARTS, Part
from mediasi.cases.stays import Holder, stay_writes, write


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
    staged: dict[str, Any] | None = None,
) -> Event:
    """Chain one event to the case and write the case row and the event now.

    The sequence number is the version the case is about to get, so the unique (case, seq)
    index and the optimistic lock on the case row both stop a second writer; the link is the
    hash the case row keeps of its newest event. A case already stored is written with two
    Core statements (an UPDATE under its version, an INSERT): the ORM's unit of work cost
    more than the rest of a step. ``staged`` holds the columns :func:`stage` already set on
    the case. The case's stays follow the event (the statistics' read model,
    :mod:`mediasi.cases.stays`), written with it, and so does their monthly roll-up
    (:mod:`mediasi.cases.rollup`). Raises :class:`StaleCase` when another
    writer got there first; the caller's transaction must then be rolled back.
    """
    read_version = case.version
    seq = 1 if read_version is None else read_version + 1
    prev_hash = GENESIS if seq == 1 else case.last_hash
    states = (from_state, to_state)
    row = event_row((case.id, seq, prev_hash), actor, trigger, states, payload, now)
    row["id"] = uuid4()
    if read_version is None:
        # A new case is still pending in the session: the unit of work inserts it first.
        case.version, case.last_hash, case.updated_at = seq, row["hash"], now
        session.flush()
        copied = True
    else:
        chained = {"last_hash": row["hash"], "updated_at": now}
        written = _write_case(session, case, read_version, (staged or {}) | chained)
        copied = not _COPIED.isdisjoint(written)
    connection = session.connection()
    writes = stay_writes(Holder.of(case), row)
    keeper = rollup.keeper(session)
    parts = _parts_moved(connection, (case.id, read_version, now), bool(writes), copied)
    counted = None
    if read_version is None:  # a case being reported has no stay or event to count yet
        counted = rollup.Counted({part: {} for part in parts})
    elif parts:
        closing = any(keeper.is_final(case.workflow, case.workflow_version, s) for s in states)
        counted = keeper.before(connection, [case.id], parts, None if copied or closing else seq)
    try:
        connection.execute(ADD_EVENT, row)
    except IntegrityError as exc:
        if not _is_event_race(exc):
            raise
        session.expire(case)
        raise StaleCase from exc
    write(connection, writes)
    if counted is not None:
        keeper.after(connection, [case.id], counted)
    return Event(**row)


def _parts_moved(
    connection: Connection, at: tuple[UUID, int | None, datetime], stays: bool, copied: bool
) -> tuple[Part, ...]:
    """The roll-up's parts an event can change: those of the stays if it moves any; the
    cases handled if it changes what the stays copy of the case (``copied``) or is the case's
    first event in its month. ``at``: the case, its previous event's number, the time."""
    moved = STAY_PARTS if stays else ()
    if copied or not _active_this_month(connection, *at):
        return (*moved, HANDLED)
    return moved


def _active_this_month(
    connection: Connection, case_id: UUID, seq: int | None, now: datetime
) -> bool:
    """The case's previous event (number ``seq``) fell in the month of ``now`` in any time
    zone: the case was handled this month already, and counts so whatever the event."""
    if seq is None:
        return False
    earlier = connection.scalar(_EVENT_TIME, {"case_id": case_id, "seq": seq})
    return earlier is not None and rollup.surely_same_month(earlier, now)


class StaleCase(Exception):
    """The case row moved on since it was read: another writer's step came first."""


_CASES = cast(Table, Case.__table__)
_COLUMNS = frozenset(_CASES.c.keys())
# What the stays (and the roll-up's cases handled) copy of the case row. The roll-up's upkeep
# trusts that a change to one of these reaches the stays in the event that makes it (through
# ``_write_case``): a step that changes none of them reads only the stays it moves. A writer
# that changed them with a plain UPDATE, without an event, would leave the roll-up behind.
_COPIED = frozenset({"desa_id", "workflow", "workflow_version", "category", "assigned_officer_id"})
ADD_EVENT = insert(cast(Table, Event.__table__))
_EVENT_TIME = select(Event.created_at).where(
    Event.case_id == bindparam("case_id"), Event.seq == bindparam("seq")
)
# The case row under the version it was read at (``case_id``, ``read_version``): the SET
# clause is the columns its other parameters name. Built once: building it cost more than
# running it.
MOVE_CASE = update(_CASES).where(
    _CASES.c.id == bindparam("case_id"), _CASES.c.version == bindparam("read_version")
)


def stage(case: Case, values: dict[str, Any]) -> dict[str, Any]:
    """Set columns of a stored case without marking it changed, for :func:`append_event` to
    write with its own statement (the unit of work would write the row a second time)."""
    for key, value in values.items():
        set_committed_value(case, key, value)
    return values


def _write_case(
    session: Session, case: Case, read_version: int, values: dict[str, Any]
) -> dict[str, Any]:
    """Write the case's changed columns and its new version, under the version it was read
    at; return the columns written.

    Whatever else the session holds (a party, an effect's rows) is flushed first, so that a
    refusal of theirs surfaces in the caller's unit of work, not at the commit."""
    changed = inspect(case).committed_state
    values = {key: getattr(case, key) for key in changed if key in _COLUMNS} | values
    stage(case, values | {"version": read_version + 1})
    if session.new or session.dirty or session.deleted:
        session.flush()
    moved = session.connection().execute(
        MOVE_CASE,
        {**values, "version": read_version + 1, "case_id": case.id, "read_version": read_version},
    )
    if moved.rowcount != 1:
        session.expire(case)
        raise StaleCase
    return values


def _is_event_race(exc: IntegrityError) -> bool:
    """Two writers gave the same case the same next event number."""
    text = str(exc.orig)
    return "uq_events_case_seq" in text or "events.case_id, events.seq" in text
