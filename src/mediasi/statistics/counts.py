"""The counts of the statistics: the headline counts summed from the period's tallies of stays
(:mod:`~mediasi.statistics.tallies`), and the few read from other rows with one aggregate
each: the reports by door, the obligations falling due, the cases overdue now (their open
stays).

A case is *opened* when its first stay began (its report); it is *closed* when a step moved it
into a final state (a stay in it began), and counts under the ``outcome`` that state declares
in its workflow file. A supervisor *decides* an escalation when the case leaves a review state,
and *returns* it when it leaves to a state that is not final."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mediasi.agreements.models import Agreement, AgreementVersion, Obligation
from mediasi.agreements.status import FROZEN
from mediasi.cases.models import Case
from mediasi.cases.stay_model import CaseStay
from mediasi.intake.models import OFFICER_DOORS, PUBLIC_DOORS, PublicReport
from mediasi.statistics.selection import Selection, is_escalation, within
from mediasi.statistics.tallies import Entry, Exit, state_of
from mediasi.workflow.loader import WorkflowRegistry

OFFICER_DOOR, PUBLIC_DOOR = "officer", "public"
Key = Callable[[Entry], Any]


def opened(entries: Iterable[Entry], key: Key | None = None) -> Counter[Any]:
    """Cases opened, in all (under None) or by ``key`` of their entry."""
    counted: Counter[Any] = Counter()
    for e in entries:
        if e.first:
            counted[key(e) if key else None] += e.stays
    return counted


def closed(
    registry: WorkflowRegistry, entries: Iterable[Entry], key: Key | None = None
) -> Counter[tuple[Any, str]]:
    """Cases closed, by (``key`` of their entry or None, outcome)."""
    counted: Counter[tuple[Any, str]] = Counter()
    for e in entries:
        state = state_of(registry, e.workflow, e.version, e.state)
        if not e.first and state is not None and state.final:
            counted[key(e) if key else None, state.outcome or e.state] += e.stays
    return counted


def outcomes(closings: Counter[tuple[Any, str]], key: Any = None) -> Counter[str]:
    """The closings under one key, by outcome."""
    return Counter({outcome: n for (k, outcome), n in closings.items() if k == key})


def escalated_among_closed(entries: Iterable[Entry]) -> int:
    """Of the cases closed, those escalated at least once before."""
    return sum(e.escalated for e in entries)


def escalation_decisions(registry: WorkflowRegistry, exits: Iterable[Exit]) -> tuple[int, int]:
    """(decided, returned): stays in a review state ended, and of them those that led the
    case back to the officer (a state that is not final)."""
    decided = returned = 0
    for x in exits:
        state = state_of(registry, x.workflow, x.version, x.state)
        if state is None or not is_escalation(registry.get(x.workflow, x.version), state):
            continue
        decided += x.stays
        to = state_of(registry, x.workflow, x.version, x.to)
        if to is None or not to.final:
            returned += x.stays
    return decided, returned


@dataclass(frozen=True)
class Overdue:
    """Cases open now past their state's deadline: in all, by desa and by officer."""

    total: int = 0
    by_desa: Counter[UUID] = field(default_factory=Counter)
    by_officer: Counter[UUID | None] = field(default_factory=Counter)


def overdue(session: Session, sel: Selection, now: datetime) -> Overdue:
    """The cases :func:`~mediasi.cases.lateness.overdue_at` finds, read from their open stays,
    which keep the case row's due time and pause (a final state has no deadline): the open
    stays lead the index of stays ended, by desa and officer, so nothing is sorted."""
    stay = CaseStay
    query = (
        select(stay.desa_id, stay.officer_id, func.count())
        .where(
            *sel.stays(),
            stay.left_at.is_(None),
            stay.due_at < now,
            stay.paused_since.is_(None),
        )
        .group_by(stay.desa_id, stay.officer_id)
    )
    by_desa: Counter[UUID] = Counter()
    by_officer: Counter[UUID | None] = Counter()
    for desa, officer, n in session.execute(query):
        by_desa[desa] += int(n)
        by_officer[officer] += int(n)
    return Overdue(sum(by_desa.values()), by_desa, by_officer)


def overdue_now(session: Session, sel: Selection, now: datetime) -> int:
    return overdue(session, sel, now).total


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
    (kept, broken, still open): read from the obligations, each case looked up (a unit has
    far fewer obligations than cases)."""
    query = (
        select(Obligation.status, func.count())
        .join(AgreementVersion, AgreementVersion.id == Obligation.version_id)
        .join(Agreement, Agreement.id == AgreementVersion.agreement_id)
        .join(Case, Case.id == Agreement.case_id)
        .where(
            *sel.cases(by_desa=False),
            AgreementVersion.status == FROZEN,
            Obligation.due_date >= first,
            Obligation.due_date <= last,
        )
        .group_by(Obligation.status)
    )
    return Counter({status: int(n) for status, n in session.execute(query)})
