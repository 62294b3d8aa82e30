"""The counting statements of the statistics: one aggregate each over the cases' stays
(:class:`~mediasi.cases.stay_model.CaseStay`) or the case rows of a
:class:`~mediasi.statistics.selection.Selection`, for [begins, ends).

A case is *opened* when its first stay began (its report); it is *closed* when a step moved it
into a final state (a stay in it began), and counts under the ``outcome`` that state declares
in its workflow file. A stay is counted where its state's workflow version says: escalated in
a review state, a supervisor's decision on leaving one."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, case, exists, func, not_, select
from sqlalchemy.orm import Session, aliased

from mediasi.agreements.models import Agreement, AgreementVersion, Obligation
from mediasi.agreements.status import FROZEN
from mediasi.cases.lateness import overdue_at
from mediasi.cases.models import Case
from mediasi.cases.stay_model import CaseStay
from mediasi.intake.models import OFFICER_DOORS, PUBLIC_DOORS, PublicReport
from mediasi.statistics.selection import (
    Selection,
    StatePick,
    is_escalation,
    is_final,
    states_where,
)
from mediasi.workflow.loader import WorkflowRegistry

OFFICER_DOOR, PUBLIC_DOOR = "officer", "public"
Stay = type[CaseStay]


def within(
    column: SQLColumnExpression[Any], begins: datetime, ends: datetime
) -> ColumnElement[bool]:
    return and_(column >= begins, column < ends)


def stay_in(
    registry: WorkflowRegistry,
    wanted: StatePick,
    stay: Stay = CaseStay,
    state: SQLColumnExpression[Any] | None = None,
) -> ColumnElement[bool]:
    """The stay's state (or ``state``, another of its columns naming one) is one ``wanted``
    picks in the stay's own workflow version."""
    named = stay.state if state is None else state
    return states_where(registry, named, wanted, workflow=stay.workflow, version=stay.version)


def opening(sel: Selection, begins: datetime, ends: datetime) -> ColumnElement[bool]:
    """The first stays (the reports) of selected cases begun within [begins, ends)."""
    return and_(*sel.stays(), CaseStay.entered_seq == 1, within(CaseStay.entered_at, begins, ends))


def closing(
    registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> ColumnElement[bool]:
    """The stays in a final state begun within [begins, ends) by a step (the one way a case
    closes, and once: a final state is final)."""
    return and_(
        *sel.stays(),
        CaseStay.entered_seq > 1,
        within(CaseStay.entered_at, begins, ends),
        stay_in(registry, is_final),
    )


def opened(session: Session, sel: Selection, begins: datetime, ends: datetime) -> int:
    query = select(func.count()).select_from(CaseStay).where(opening(sel, begins, ends))
    return int(session.scalar(query) or 0)


def closed(
    session: Session,
    registry: WorkflowRegistry,
    sel: Selection,
    begins: datetime,
    ends: datetime,
) -> Counter[str]:
    """Cases closed in the period by outcome."""
    stay = CaseStay
    query = (
        select(stay.workflow, stay.version, stay.state, func.count())
        .where(closing(registry, sel, begins, ends))
        .group_by(stay.workflow, stay.version, stay.state)
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
    escalation = aliased(CaseStay)
    query = (
        select(func.count())
        .select_from(CaseStay)
        .where(
            closing(registry, sel, begins, ends),
            exists().where(
                escalation.case_id == CaseStay.case_id,
                escalation.entered_seq > 1,
                stay_in(registry, is_escalation, escalation),
            ),
        )
    )
    return int(session.scalar(query) or 0)


def escalation_decisions(
    session: Session, registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> tuple[int, int]:
    """(decided, returned): supervisors' decisions on escalations in the period (a stay in a
    review state ended), and those that sent the case back to the officer (to a state that is
    not final)."""
    returned = not_(stay_in(registry, is_final, state=CaseStay.left_to))
    query = select(func.count(), func.coalesce(func.sum(case((returned, 1), else_=0)), 0)).where(
        *sel.stays(),
        within(CaseStay.left_at, begins, ends),
        stay_in(registry, is_escalation),
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
