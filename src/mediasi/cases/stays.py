"""Keeping a case's stays (:class:`~mediasi.cases.stay_model.CaseStay`) exact as its events are
written, without reading anything: each event takes at most two statements, decided from the
event and the case row as the writer holds it.

- the report opens the first stay; a step into another state closes the open stay and opens
  the next (a workflow migration that renames the state too); a step back into the same state
  gives the open stay the new due time and ends its pause, as it does the case row's;
- a deadline recorded as passed flags the open stay, a pause starts its pause clock, a resume
  stops it and moves its due time (a flag stops it too: the pause ended there);
- an edit, a handover or a migration that keeps the state copies the case's desa, category,
  officer (and, on the open stay, workflow version and due time) onto the stays that differ;
- every other event (parties, tokoh, sessions, agreements, messages) changes no stay.

``append_event`` plans the writes (:func:`follow`); they run when the unit of work inserts the
event row, after it has written the case row, so a stay is locked only by a writer that
already holds the case (the same order as every other writer: no deadlock with a handover or
the deadline scanner) and a stale writer has failed on the case's version before it gets
here. A writer with plain statements (a workflow migration) runs them itself
(:func:`write`), after its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Connection,
    Executable,
    Table,
    bindparam,
    case,
    func,
    insert,
    or_,
    update,
)

from mediasi.accounts.roles import Role
from mediasi.cases.kinds import (
    CASE_EDITED,
    CASE_HANDED_OVER,
    DEADLINE_EXPIRED,
    DEADLINE_PAUSED,
    DEADLINE_RESUMED,
    WORKFLOW_MIGRATED,
    is_transition,
)
from mediasi.cases.models import Case
from mediasi.cases.stay_model import CaseStay
from mediasi.db.intervals import days_between

Write = tuple[Executable, dict[str, Any]]


@dataclass(frozen=True)
class Holder:
    """What a case's stays copy of the case row."""

    desa_id: UUID
    workflow: str
    version: int
    category: str
    officer_id: UUID | None
    due_at: datetime | None

    @classmethod
    def of(cls, case: Case, moved: tuple[int, datetime | None] | None = None) -> Holder:
        """The case as it stands (``moved``: the version a migration is moving it to, and the
        due time it gets there)."""
        version, due_at = moved if moved else (case.workflow_version, case.due_at)
        return cls(
            case.desa_id, case.workflow, version, case.category, case.assigned_officer_id, due_at
        )


_STAYS = cast(Table, CaseStay.__table__)
_c = _STAYS.c
_CASE = bindparam("case", type_=_c.case_id.type)
_AT = bindparam("at", type_=_c.entered_at.type)
_DESA = bindparam("to_desa", type_=_c.desa_id.type)
_CATEGORY = bindparam("to_category", type_=_c.category.type)
_OFFICER = bindparam("to_officer", type_=_c.officer_id.type)
_DUE = bindparam("due", type_=_c.due_at.type)
_OPEN = _c.left_at.is_(None)
# The open stay, and any other whose copy of the case is out of date.
_DIFFERENT = or_(
    _OPEN,
    _c.desa_id != _DESA,
    _c.category != _CATEGORY,
    _c.officer_id.is_distinct_from(_OFFICER),
)
_COPIED = {"desa_id": _DESA, "category": _CATEGORY, "officer_id": _OFFICER}
# The open pause, up to the event's time.
_PAUSED_TILL_NOW = case(
    (_c.paused_since.is_not(None), days_between(_AT, _c.paused_since)), else_=0.0
)

_ENTER = insert(_STAYS)
_LEAVE = (
    update(_STAYS)
    .where(_c.case_id == _CASE, _DIFFERENT)
    .values(
        **_COPIED,
        left_at=func.coalesce(_c.left_at, _AT),
        left_seq=func.coalesce(_c.left_seq, bindparam("seq")),
        left_to=func.coalesce(_c.left_to, bindparam("to_state")),
        left_by_system=case((_OPEN, bindparam("system", type_=Boolean())), else_=_c.left_by_system),
        paused_days=_c.paused_days + case((_OPEN, _PAUSED_TILL_NOW), else_=0.0),
        paused_since=None,
        due_at=None,
    )
)
# A step that leads back into the state it leaves starts it afresh on the case row: a new due
# time, no pause (the stay goes on: it is the same state).
_RESTART = (
    update(_STAYS)
    .where(_c.case_id == _CASE, _DIFFERENT)
    .values(
        **_COPIED,
        due_at=case((_OPEN, _DUE), else_=None),
        paused_days=_c.paused_days + case((_OPEN, _PAUSED_TILL_NOW), else_=0.0),
        paused_since=None,
    )
)
_COPY = (
    update(_STAYS)
    .where(_c.case_id == _CASE, _DIFFERENT)
    .values(
        **_COPIED,
        version=case((_OPEN, bindparam("to_version")), else_=_c.version),
        due_at=case((_OPEN, _DUE), else_=None),
    )
)
_ON_OPEN = update(_STAYS).where(_c.case_id == _CASE, _OPEN)
_FLAG = _ON_OPEN.values(
    flagged=True, paused_days=_c.paused_days + _PAUSED_TILL_NOW, paused_since=None
)
_PAUSE = _ON_OPEN.values(paused_since=_AT)
_RESUME = _ON_OPEN.values(
    paused_days=_c.paused_days + _PAUSED_TILL_NOW, paused_since=None, due_at=_DUE
)
_ON_OPEN_STAY = {DEADLINE_EXPIRED: _FLAG, DEADLINE_PAUSED: _PAUSE}
# The events that may change what the stays copy of the case without changing its state.
_COPYING = frozenset({CASE_EDITED, CASE_HANDED_OVER, WORKFLOW_MIGRATED})


def _entered(holder: Holder, event: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "case_id": event["case_id"],
        "entered_seq": event["seq"],
        "desa_id": holder.desa_id,
        "workflow": holder.workflow,
        "version": holder.version,
        "category": holder.category,
        "officer_id": holder.officer_id,
        "state": event["to_state"],
        "entered_at": event["created_at"],
        "entered_by": event["trigger"],
        "left_at": None,
        "left_seq": None,
        "left_to": None,
        "left_by_system": False,
        "flagged": False,
        "paused_days": 0.0,
        "paused_since": None,
        "due_at": holder.due_at,
    }


def stay_writes(holder: Holder, event: Mapping[str, Any]) -> list[Write]:
    """The statements that bring the case's stays up to ``event`` (the columns of an event
    row, as :func:`~mediasi.cases.ledger.event_row` gives them)."""
    source, dest, trigger = event["from_state"], event["to_state"], event["trigger"]
    copied = {
        "case": event["case_id"],
        "to_desa": holder.desa_id,
        "to_category": holder.category,
        "to_officer": holder.officer_id,
    }
    if source is None:
        return [(_ENTER, _entered(holder, event))]
    if source != dest:
        left = {
            **copied,
            "at": event["created_at"],
            "seq": event["seq"],
            "to_state": dest,
            "system": event["actor_role"] == Role.SYSTEM,
        }
        return [(_LEAVE, left), (_ENTER, _entered(holder, event))]
    on_open = {"case": event["case_id"], "at": event["created_at"]}
    if is_transition(trigger):
        return [(_RESTART, {**copied, "at": event["created_at"], "due": holder.due_at})]
    if trigger == DEADLINE_RESUMED:
        return [(_RESUME, {**on_open, "due": holder.due_at})]
    if trigger in _ON_OPEN_STAY:
        return [(_ON_OPEN_STAY[trigger], on_open)]
    if trigger in _COPYING:
        return [(_COPY, {**copied, "to_version": holder.version, "due": holder.due_at})]
    return []


def write(connection: Connection, writes: Sequence[Write]) -> None:
    for statement, values in writes:
        connection.execute(statement, values)
