"""How long things took, from the cases' stays: report to agreement, each stay in a state, and
whether a stay ended within its deadline.

Medians and 90th percentiles are computed in Python: SQLite has no ``percentile_cont``, so the
statement fetches only the per-agreement durations of the period (one number per agreement,
at most :data:`MAX_DURATIONS`), never the cases. Averages and counts stay in SQL.

A *stay* runs from the event that moved a case into a state to the event that moved it out;
it counts in the period it ended in. A stay in a state with a deadline *met* it unless the
deadline scanner acted on it (it fired the state's ``on_expiry`` step as the system, or
recorded the deadline as passed) before the case left.

Time the deadline stood paused is not time in the state: a stay's days leave out each pause in
it, from the ``deadline.paused`` event to the ``deadline.resumed`` one (or to the scanner's
flag or the step out of the state, either of which ends a pause), on the clock. The paused days
are kept as a figure of their own. (How a stay keeps them: :mod:`mediasi.cases.stays`.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from mediasi.cases.stay_model import CaseStay
from mediasi.db.intervals import days_between
from mediasi.statistics.counts import stay_in, within
from mediasi.statistics.selection import Selection, has_deadline
from mediasi.workflow.loader import WorkflowRegistry

MAX_DURATIONS = 50_000


@dataclass(frozen=True)
class StateStay:
    """Stays in one state of a workflow that ended in the period, and their mean length."""

    workflow: str
    state: str
    stays: int
    mean_days: float  # in the state, paused time left out
    paused_days: float = 0.0  # paused, in all these stays together


def _agreement_step(registry: WorkflowRegistry) -> ColumnElement[bool]:
    """The stay was entered by the step its workflow version records the signed agreement
    with."""
    stay = CaseStay
    clauses = [
        and_(
            stay.workflow == spec.name,
            stay.version == spec.version,
            stay.entered_by == step.trigger,
            stay.state == step.dest,
        )
        for spec in registry.all()
        if (step := spec.agreement_transition()) is not None
    ]
    return or_(*clauses)


def days_to_agreement(
    session: Session, registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> list[float]:
    """Days from the report to each agreement recorded in the period."""
    report = aliased(CaseStay)
    query = (
        select(days_between(CaseStay.entered_at, report.entered_at))
        .select_from(CaseStay)
        .join(report, and_(report.case_id == CaseStay.case_id, report.entered_seq == 1))
        .where(
            *sel.stays(),
            within(CaseStay.entered_at, begins, ends),
            _agreement_step(registry),
        )
        .limit(MAX_DURATIONS)
    )
    return [float(days) for days in session.scalars(query)]


def _ended(sel: Selection, begins: datetime, ends: datetime) -> list[ColumnElement[bool]]:
    return [*sel.stays(), within(CaseStay.left_at, begins, ends)]


def state_stays(
    session: Session, sel: Selection, begins: datetime, ends: datetime
) -> list[StateStay]:
    stay = CaseStay
    query = (
        select(
            stay.workflow,
            stay.state,
            func.count(),
            func.avg(days_between(stay.left_at, stay.entered_at) - stay.paused_days),
            func.sum(stay.paused_days),
        )
        .where(*_ended(sel, begins, ends))
        .group_by(stay.workflow, stay.state)
        .order_by(stay.workflow, func.min(stay.left_seq))
    )
    return [
        StateStay(workflow, state, int(n), float(mean or 0.0), float(paused or 0.0))
        for workflow, state, n, mean, paused in session.execute(query)
    ]


def deadlines_met(
    session: Session, registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> tuple[int, int]:
    """(stays with a deadline that ended in the period, those that met it)."""
    missed = or_(CaseStay.left_by_system, CaseStay.flagged)
    query = select(func.count(), func.coalesce(func.sum(case((missed, 0), else_=1)), 0)).where(
        *_ended(sel, begins, ends), stay_in(registry, has_deadline)
    )
    due, met = session.execute(query).one()
    return int(due), int(met)
