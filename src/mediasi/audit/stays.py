"""The stays a case's event log implies (:class:`~mediasi.cases.stay_model.CaseStay`), worked
out again in Python from the events alone: ``audit verify`` compares them with the rows kept as
the events were written (:mod:`mediasi.cases.stays`), and :func:`rebuild_stays` writes them for
cases whose history was written without the ledger (a copied or hand-made history).

The rules are the live writer's and the migration's (0020): a stay per event that moved the
case, ended by the next; left by the system, flagged by a deadline record, paused from each
pause to its resume, flag, a step back into the state or the step out; counted under the
version in force when it ended; the case's desa, workflow, category and officer as the case
row has them now, and the open stay's due time the case row's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from mediasi.accounts.roles import Role
from mediasi.cases import rollup
from mediasi.cases.event_model import Event
from mediasi.cases.kinds import (
    DEADLINE_EXPIRED,
    DEADLINE_PAUSED,
    DEADLINE_RESUMED,
    WORKFLOW_MIGRATED,
    is_transition,
)
from mediasi.cases.models import Case
from mediasi.cases.stay_model import CaseStay

SECONDS_A_DAY = 86400.0
# Paused days are summed in SQL as the events come and here at once: equal within a second.
PAUSED_TOLERANCE = 1 / SECONDS_A_DAY
COMPARED = (
    "desa_id",
    "workflow",
    "version",
    "category",
    "officer_id",
    "state",
    "entered_at",
    "entered_by",
    "left_at",
    "left_seq",
    "left_to",
    "left_by_system",
    "flagged",
    "paused_since",
    "due_at",
)


class LoggedEvent(Protocol):
    seq: int
    trigger: str
    from_state: str | None
    to_state: str
    actor_role: str
    payload: dict[str, Any]
    created_at: datetime


def _days(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / SECONDS_A_DAY


def _started_on(case: Case, events: Sequence[LoggedEvent]) -> int:
    """The workflow version the case was reported on (as its report says; else its own)."""
    reported = events[0].payload.get("workflow_version") if events else None
    return reported if isinstance(reported, int) else case.workflow_version


def _end_pause(stay: dict[str, Any], at: datetime) -> None:
    if stay["paused_since"] is not None:
        stay["paused_days"] += _days(at, stay["paused_since"])
        stay["paused_since"] = None


def stays_of(case: Case, events: Sequence[LoggedEvent]) -> list[dict[str, Any]]:
    """The stays (as column values) that ``events``, the case's whole log in order, imply."""
    version = _started_on(case, events)
    stays: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for ev in events:
        moved = ev.from_state is None or ev.from_state != ev.to_state
        migrated_to = int(ev.payload["to_version"]) if ev.trigger == WORKFLOW_MIGRATED else None
        if moved:
            if current is not None:
                _end_pause(current, ev.created_at)
                current |= {
                    "left_at": ev.created_at,
                    "left_seq": ev.seq,
                    "left_to": ev.to_state,
                    "left_by_system": ev.actor_role == Role.SYSTEM,
                }
            current = _entered(case, ev, migrated_to or version)
            stays.append(current)
        elif current is not None and ev.trigger == DEADLINE_EXPIRED:
            current["flagged"] = True
            _end_pause(current, ev.created_at)
        elif current is not None and ev.trigger == DEADLINE_PAUSED:
            current["paused_since"] = ev.created_at
        elif current is not None and (ev.trigger == DEADLINE_RESUMED or is_transition(ev.trigger)):
            _end_pause(current, ev.created_at)  # so does a step back into the same state
        if migrated_to is not None:
            version = migrated_to
            if current is not None:
                current["version"] = version
    if current is not None:
        current["due_at"] = case.due_at  # the log does not say it; the case row keeps it
    return stays


def _entered(case: Case, ev: LoggedEvent, version: int) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "entered_seq": ev.seq,
        "desa_id": case.desa_id,
        "workflow": case.workflow,
        "version": version,
        "category": case.category,
        "officer_id": case.assigned_officer_id,
        "state": ev.to_state,
        "entered_at": ev.created_at,
        "entered_by": ev.trigger,
        "left_at": None,
        "left_seq": None,
        "left_to": None,
        "left_by_system": False,
        "flagged": False,
        "paused_days": 0.0,
        "paused_since": None,
        "due_at": None,
    }


def _as_row(stay: CaseStay) -> dict[str, Any]:
    return {name: getattr(stay, name) for name in (*COMPARED, "paused_days")}


def stay_problems(
    case: Case, events: Sequence[LoggedEvent], stored: Iterable[CaseStay]
) -> list[str]:
    """How the stays kept for the case differ from those its log implies."""
    kept = {stay.entered_seq: _as_row(stay) for stay in stored}
    implied = {stay["entered_seq"]: stay for stay in stays_of(case, events)}
    problems = [
        f"statistics: no stay from event {seq} ({implied[seq]['state']!r})"
        for seq in sorted(implied.keys() - kept.keys())
    ]
    problems += [
        f"statistics: a stay from event {seq}, which moved nothing"
        for seq in sorted(kept.keys() - implied.keys())
    ]
    for seq in sorted(implied.keys() & kept.keys()):
        row, want = kept[seq], implied[seq]
        problems += [
            f"statistics: stay from event {seq}: {name} {row[name]!r} != {want[name]!r}"
            for name in COMPARED
            if row[name] != want[name]
        ]
        if abs(row["paused_days"] - want["paused_days"]) > PAUSED_TOLERANCE:
            problems.append(
                f"statistics: stay from event {seq}: paused days {row['paused_days']:.6f} != "
                f"{want['paused_days']:.6f}"
            )
    return problems


def rebuild_stays(session: Session, case_ids: Sequence[UUID]) -> None:
    """Write the stays the logs of these cases imply in place of any they have (and bring
    the monthly roll-up along)."""
    keeper = rollup.keeper(session)
    counted = keeper.before(session.connection(), case_ids)
    cases = session.scalars(select(Case).where(Case.id.in_(case_ids)))
    logs: dict[UUID, list[Event]] = {case_id: [] for case_id in case_ids}
    events = select(Event).where(Event.case_id.in_(case_ids)).order_by(Event.case_id, Event.seq)
    for event in session.scalars(events):
        logs[event.case_id].append(event)
    rows = [stay for case in cases for stay in stays_of(case, logs[case.id])]
    session.execute(delete(CaseStay).where(CaseStay.case_id.in_(case_ids)))
    if rows:
        session.execute(insert(CaseStay), rows)
    keeper.after(session.connection(), case_ids, counted)
