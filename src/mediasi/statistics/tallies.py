"""The two scans every period's figures are summed from, each one indexed range of the cases'
stays read once and grouped in SQL into a few rows:

- :func:`entries`, the stays begun in the period: the cases opened (a first stay), closed (a
  stay in a final state) with those escalated before, and the agreements with their days from
  the report; grouped by the breakdown columns asked for (desa, category, officer, month);
- :func:`exits`, the stays ended in the period: how long they lasted, paused time left out,
  whether they met their deadline, where they led (a supervisor's decision on an escalation).

What a state is (final, a review, with a deadline; its outcome) is the workflow file's, looked
up here for each group (:func:`state_of`), so the statements carry no per-row rules beyond the
two that need the row (an escalation before a close, the agreement's step)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    and_,
    case,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label

from mediasi.cases.state_picks import (
    agreement_step,
    escalated_before,
    is_final,
    reported_at,
    stay_in,
)
from mediasi.cases.stay_model import CaseStay
from mediasi.db.intervals import days_between
from mediasi.statistics.selection import Selection, within
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import StateSpec


def state_of(
    registry: WorkflowRegistry, workflow: str, version: int, state: str | None
) -> StateSpec | None:
    """The state as its workflow version's file declares it; None for one no loaded file
    knows (it then counts under no rule)."""
    try:
        return registry.get(workflow, version).states.get(state or "")
    except KeyError:
        return None


@dataclass(frozen=True)
class Entry:
    """Stays begun in the period that share their breakdown ``key`` and state."""

    key: tuple[Any, ...]
    workflow: str
    version: int
    state: str
    first: bool  # the case's report: its first stay
    stays: int
    escalated: int = 0  # of those in a final state, the cases escalated before
    agreement_days: float | None = None  # entered by the agreement step: days from the report


def _counted_states(registry: WorkflowRegistry) -> list[str]:
    """The names of the states a stay begun is counted for (a close, an agreement), in any
    workflow: the steps between count for no figure, and leaving them out before the rows are
    grouped halves the work. (Which of them count is decided per workflow version after.)"""
    return sorted(
        {name for spec in registry.all() for name, state in spec.states.items() if state.final}
        | {step.dest for spec in registry.all() if (step := spec.agreement_transition())}
    )


def _detail(registry: WorkflowRegistry, since: datetime | None) -> list[ColumnElement[Any]]:
    """Per stay: escalated before (a stay in a final state whose case had a review stay) and
    the days since the report (a stay the agreement step began); each asked only of the
    stays it concerns, begun ``since`` (when given)."""
    stay = CaseStay
    recent = true() if since is None else stay.entered_at >= since
    reported = reported_at()
    closed = and_(recent, stay_in(registry, is_final), escalated_before(registry))
    agreed = and_(recent, agreement_step(registry))
    return [
        case((closed, 1), else_=0).label("escalated"),
        case((agreed, days_between(stay.entered_at, reported))).label("days"),
    ]


def entries(
    session: Session,
    registry: WorkflowRegistry,
    sel: Selection,
    period: tuple[datetime, datetime],
    keys: Sequence[SQLColumnExpression[Any]] = (),
    *,
    detail: bool = True,
    detail_since: datetime | None = None,
) -> list[Entry]:
    """The stays of ``sel`` begun in ``period``, grouped by ``keys`` (expressions over
    :class:`CaseStay`) and state; with ``detail``, the escalations before a close and the
    agreements' days too (of the stays begun ``detail_since``, when given)."""
    stay = CaseStay
    named: list[Label[Any]] = [k.label(f"key{i}") for i, k in enumerate(keys)]
    columns: list[SQLColumnExpression[Any]] = [
        *named,
        stay.workflow,
        stay.version,
        stay.state,
        (stay.entered_seq == 1).label("first"),
        *(_detail(registry, detail_since) if detail else ()),
    ]
    counted = or_(stay.entered_seq == 1, stay.state.in_(_counted_states(registry)))
    rows = (
        select(*columns).where(*sel.stays(), within(stay.entered_at, *period), counted).subquery()
    )
    grouped = [c for c in rows.c if c.name != "escalated"]
    measures = [func.count().label("stays")]
    if detail:
        measures.append(func.sum(rows.c.escalated).label("escalated"))
    query = select(*grouped, *measures).group_by(*grouped)
    found = []
    for row in session.execute(query).mappings():
        days = row.get("days")
        found.append(
            Entry(
                key=tuple(row[k.name] for k in named),
                workflow=row["workflow"],
                version=row["version"],
                state=row["state"],
                first=bool(row["first"]),
                stays=int(row["stays"]),
                escalated=int(row.get("escalated") or 0),
                agreement_days=None if days is None else float(days),
            )
        )
    return found


@dataclass(frozen=True)
class Exit:
    """Stays ended in the period in one state, leading to one next state, deadline met or
    missed alike."""

    workflow: str
    version: int
    state: str
    to: str | None
    missed: bool  # the scanner acted on the deadline before the case left
    stays: int
    days: float  # in the state, paused time left out, all these stays together
    paused: float  # paused, all these stays together
    first_seq: int  # the earliest leaving event's number, for the order states are listed
    key: tuple[Any, ...] = ()  # the values of the further keys grouped by


def exits(
    session: Session,
    sel: Selection,
    period: tuple[datetime, datetime],
    keys: Sequence[SQLColumnExpression[Any]] = (),
) -> list[Exit]:
    """The stays of ``sel`` ended in ``period``, grouped by state, next state and deadline,
    and by ``keys`` (expressions over :class:`CaseStay`) when given."""
    stay = CaseStay
    missed = or_(stay.left_by_system, stay.flagged)
    named: list[Label[Any]] = [k.label(f"key{i}") for i, k in enumerate(keys)]
    grouped = [stay.workflow, stay.version, stay.state, stay.left_to, missed]
    query = (
        select(
            *grouped,
            func.count(),
            func.sum(days_between(stay.left_at, stay.entered_at) - stay.paused_days),
            func.sum(stay.paused_days),
            func.min(stay.left_seq),
            *named,
        )
        .where(*sel.stays(), within(stay.left_at, *period))
        .group_by(*grouped, *named)
    )
    return [
        Exit(w, v, s, to, bool(m), int(n), float(d or 0.0), float(p or 0.0), int(first), tuple(k))
        for w, v, s, to, m, n, d, p, first, *k in session.execute(query)
    ]
