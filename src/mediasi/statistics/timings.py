"""How long things took, from the event log: report to agreement, each stay in a state, and
whether a stay ended within its deadline.

Medians and 90th percentiles are computed in Python: SQLite has no ``percentile_cont``, so the
statement fetches only the per-agreement durations of the period (one number per agreement,
at most :data:`MAX_DURATIONS`), never the cases. Averages and counts stay in SQL.

A *stay* is the time between the event that moved a case into a state and the event that
moved it out; it counts in the period it ended in. A stay in a state with a deadline *met*
it unless the deadline scanner acted on it (it fired the state's ``on_expiry`` step as the
system, or recorded the deadline as passed) before the case left.

Time the deadline stood paused is not time in the state: a stay's days leave out each pause in
it, from the ``deadline.paused`` event to the ``deadline.resumed`` one (or to the step out of
the state, which ends a pause with it), on the clock. (The resume event's ``paused_seconds`` is
not used: for a deadline in working days it holds only the working time, and a pause a step
ended has no resume event.) The paused days are kept as a figure of their own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Subquery, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from mediasi.accounts.roles import Role
from mediasi.cases.event_model import Event
from mediasi.cases.kinds import DEADLINE_EXPIRED, DEADLINE_PAUSED, DEADLINE_RESUMED
from mediasi.cases.models import Case
from mediasi.statistics.counts import changes_state, within
from mediasi.statistics.intervals import days_between
from mediasi.statistics.selection import Selection, has_deadline, states_where
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


def _agreement_step(registry: WorkflowRegistry, event: type[Event]) -> ColumnElement[bool]:
    """The event is the step its workflow version records the signed agreement with."""
    clauses = [
        and_(
            Case.workflow == spec.name,
            Case.workflow_version == spec.version,
            event.trigger == step.trigger,
            event.to_state == step.dest,
        )
        for spec in registry.all()
        if (step := spec.agreement_transition()) is not None
    ]
    return or_(*clauses)


def days_to_agreement(
    session: Session, registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> list[float]:
    """Days from the report to each agreement recorded in the period."""
    report = aliased(Event)
    query = (
        select(days_between(Event.created_at, report.created_at))
        .select_from(Event)
        .join(Case, Case.id == Event.case_id)
        .join(report, and_(report.case_id == Case.id, report.seq == 1))
        .where(
            *sel.cases(),
            within(Event.created_at, begins, ends),
            _agreement_step(registry, Event),
        )
        .limit(MAX_DURATIONS)
    )
    return [float(days) for days in session.scalars(query)]


def _stays(sel: Selection, begins: datetime, ends: datetime) -> Subquery:
    """Every stay ending in the period: the case, its workflow, the state, when it was entered
    and left, whether the system left it (an expiry) and the leaving event's ``seq``."""
    entry = aliased(Event)
    entries = select(func.max(entry.created_at)).where(
        entry.case_id == Event.case_id,
        entry.seq < Event.seq,
        entry.to_state == Event.from_state,
        or_(entry.from_state.is_(None), entry.from_state != entry.to_state),
    )
    entered = entries.scalar_subquery()
    entered_seq = entries.with_only_columns(func.max(entry.seq)).scalar_subquery()
    return (
        select(
            Case.workflow.label("workflow"),
            Case.workflow_version.label("version"),
            Event.case_id.label("case_id"),
            Event.seq.label("seq"),
            Event.from_state.label("state"),
            Event.actor_role.label("actor_role"),
            Event.created_at.label("left_at"),
            entered.label("entered_at"),
            entered_seq.label("entered_seq"),
        )
        .select_from(Event)
        .join(Case, Case.id == Event.case_id)
        .where(*sel.cases(), changes_state(Event), within(Event.created_at, begins, ends))
        .subquery("stays")
    )


def _paused_days(stays: Subquery) -> ColumnElement[float]:
    """Days the stay's deadline stood paused: each pause in it, to its resume or the step out."""
    pause, resume = aliased(Event), aliased(Event)
    resumed = (
        select(func.min(resume.created_at))
        .where(
            resume.case_id == pause.case_id,
            resume.trigger == DEADLINE_RESUMED,
            resume.seq > pause.seq,
            resume.seq < stays.c.seq,
        )
        .scalar_subquery()
    )
    ended = func.coalesce(resumed, stays.c.left_at)
    return (
        select(func.coalesce(func.sum(days_between(ended, pause.created_at)), 0.0))
        .where(
            pause.case_id == stays.c.case_id,
            pause.trigger == DEADLINE_PAUSED,
            pause.seq > stays.c.entered_seq,
            pause.seq < stays.c.seq,
        )
        .scalar_subquery()
    )


def state_stays(
    session: Session, sel: Selection, begins: datetime, ends: datetime
) -> list[StateStay]:
    base = _stays(sel, begins, ends)
    stays = select(base, _paused_days(base).label("paused")).subquery("paused_stays")
    query = (
        select(
            stays.c.workflow,
            stays.c.state,
            func.count(),
            func.avg(days_between(stays.c.left_at, stays.c.entered_at) - stays.c.paused),
            func.sum(stays.c.paused),
        )
        .group_by(stays.c.workflow, stays.c.state)
        .order_by(stays.c.workflow, func.min(stays.c.seq))
    )
    return [
        StateStay(workflow, state, int(n), float(mean or 0.0), float(paused or 0.0))
        for workflow, state, n, mean, paused in session.execute(query)
    ]


def deadlines_met(
    session: Session, registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> tuple[int, int]:
    """(stays with a deadline that ended in the period, those that met it)."""
    stays = _stays(sel, begins, ends)
    flag = aliased(Event)
    missed = or_(
        stays.c.actor_role == Role.SYSTEM.value,
        exists().where(
            flag.case_id == stays.c.case_id,
            flag.trigger == DEADLINE_EXPIRED,
            flag.seq < stays.c.seq,
            flag.created_at >= stays.c.entered_at,
        ),
    )
    with_deadline = states_where(
        registry, stays.c.state, has_deadline, workflow=stays.c.workflow, version=stays.c.version
    )
    query = select(func.count(), func.coalesce(func.sum(case((missed, 0), else_=1)), 0)).where(
        with_deadline
    )
    due, met = session.execute(query).one()
    return int(due), int(met)
