"""The counting statements of the statistics: one aggregate each over the event log or the
case rows of a :class:`~mediasi.statistics.selection.Selection`, for [begins, ends).

A case is *opened* when its first event (``seq`` 1) was written; it is *closed* when an event
moved it into a final state, and counts under the ``outcome`` that state declares in its
workflow file. A state change is an event whose ``from_state`` differs from its ``to_state``
(edits, parties, sessions and signatures keep the state)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, case, exists, func, not_, select
from sqlalchemy.orm import Session, aliased

from mediasi.agreements.models import Agreement, AgreementVersion, Obligation
from mediasi.agreements.status import FROZEN
from mediasi.cases.event_model import Event
from mediasi.cases.lateness import overdue_at
from mediasi.cases.models import Case
from mediasi.intake.models import OFFICER_DOORS, PUBLIC_DOORS, PublicReport
from mediasi.statistics.selection import Selection, is_escalation, is_final, states_where
from mediasi.workflow.loader import WorkflowRegistry

OFFICER_DOOR, PUBLIC_DOOR = "officer", "public"


def within(
    column: SQLColumnExpression[Any], begins: datetime, ends: datetime
) -> ColumnElement[bool]:
    return and_(column >= begins, column < ends)


def changes_state(event: type[Event]) -> ColumnElement[bool]:
    return and_(event.from_state.is_not(None), event.from_state != event.to_state)


def closing(
    registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> ColumnElement[bool]:
    """The events that closed a selected case within [begins, ends) (joined to their case):
    a step into a final state, the one way a case closes."""
    return and_(
        *sel.cases(),
        changes_state(Event),
        within(Event.created_at, begins, ends),
        states_where(registry, Event.to_state, is_final),
    )


def opened(session: Session, sel: Selection, begins: datetime, ends: datetime) -> int:
    query = (
        select(func.count())
        .select_from(Case)
        .join(Event, and_(Event.case_id == Case.id, Event.seq == 1))
        .where(*sel.cases(), within(Event.created_at, begins, ends))
    )
    return int(session.scalar(query) or 0)


def closed(
    session: Session,
    registry: WorkflowRegistry,
    sel: Selection,
    begins: datetime,
    ends: datetime,
) -> Counter[str]:
    """Cases closed in the period by outcome (a case closes once: a final state is final)."""
    query = (
        select(Case.workflow, Case.workflow_version, Event.to_state, func.count())
        .select_from(Event)
        .join(Case, Case.id == Event.case_id)
        .where(closing(registry, sel, begins, ends))
        .group_by(Case.workflow, Case.workflow_version, Event.to_state)
    )
    counted: Counter[str] = Counter()
    for workflow, version, state, cases in session.execute(query):
        outcome = registry.get(workflow, version).states[state].outcome
        counted[outcome or state] += int(cases)
    return counted


def escalated_among_closed(
    session: Session, registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> int:
    """Of the cases closed in the period, those escalated at least once before."""
    ending, escalation = aliased(Event), aliased(Event)
    query = (
        select(func.count())
        .select_from(Case)
        .join(ending, ending.case_id == Case.id)
        .where(
            *sel.cases(),
            changes_state(ending),
            within(ending.created_at, begins, ends),
            states_where(registry, ending.to_state, is_final),
            exists().where(
                escalation.case_id == Case.id,
                changes_state(escalation),
                states_where(registry, escalation.to_state, is_escalation),
            ),
        )
    )
    return int(session.scalar(query) or 0)


def escalation_decisions(
    session: Session, registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> tuple[int, int]:
    """(decided, returned): supervisors' decisions on escalations in the period, and those
    that sent the case back to the officer (to a state that is not final)."""
    returned = not_(states_where(registry, Event.to_state, is_final))
    query = (
        select(func.count(), func.coalesce(func.sum(case((returned, 1), else_=0)), 0))
        .select_from(Event)
        .join(Case, Case.id == Event.case_id)
        .where(
            *sel.cases(),
            changes_state(Event),
            within(Event.created_at, begins, ends),
            states_where(registry, Event.from_state, is_escalation),
        )
    )
    decided, back = session.execute(query).one()
    return int(decided), int(back)


def overdue_now(session: Session, sel: Selection, now: datetime) -> int:
    query = select(func.count()).where(*sel.cases(), overdue_at(now))
    return int(session.scalar(query) or 0)


def reports_by_door(
    session: Session, sel: Selection, begins: datetime, ends: datetime
) -> Counter[str]:
    """Reports received in the period, by the door they came in at: an officer's (at the
    post, by phone, on a visit) or the public's (the web form, the API)."""
    report = PublicReport
    where = [sel.scope.covers(report.desa_id), within(report.submitted_at, begins, ends)]
    if sel.workflow is not None:
        where.append(report.workflow == sel.workflow)
    if sel.category is not None:
        where.append(report.category == sel.category)
    query = select(report.source, func.count()).where(*where).group_by(report.source)
    doors: Counter[str] = Counter({OFFICER_DOOR: 0, PUBLIC_DOOR: 0})
    for source, reports in session.execute(query):
        if source in OFFICER_DOORS:
            doors[OFFICER_DOOR] += int(reports)
        elif source in PUBLIC_DOORS:
            doors[PUBLIC_DOOR] += int(reports)
    return doors


def obligations_due(session: Session, sel: Selection, first: date, last: date) -> Counter[str]:
    """The obligations of signed agreements falling due in the period's days, by status
    (kept, broken, still open)."""
    query = (
        select(Obligation.status, func.count())
        .join(AgreementVersion, AgreementVersion.id == Obligation.version_id)
        .join(Agreement, Agreement.id == AgreementVersion.agreement_id)
        .join(Case, Case.id == Agreement.case_id)
        .where(
            *sel.cases(),
            AgreementVersion.status == FROZEN,
            Obligation.due_date >= first,
            Obligation.due_date <= last,
        )
        .group_by(Obligation.status)
    )
    return Counter({status: int(n) for status, n in session.execute(query)})
