"""The two case lists of the monthly pack, one row per case, within the statistics' selection:
the escalations of the month (a case entering a supervisor-review state, as the escalation
figures count them) and the cases open now past their state's deadline (as ``overdue_now``).
Each reads only the columns a row prints (the escalation's reason out of its event's payload,
not the payload)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from mediasi.accounts.models import Area, User
from mediasi.cases.event_model import Event
from mediasi.cases.lateness import overdue_at
from mediasi.cases.models import Case
from mediasi.cases.stay_model import CaseStay
from mediasi.statistics.selection import Selection, is_escalation, stay_in, within
from mediasi.workflow.loader import WorkflowRegistry

ID = "id"  # the pack is an official document: always in Bahasa Indonesia
LIMIT = 5_000  # the workbook's rows per list; a runaway list does not fill the memory
Row = TypeVar("Row")


@dataclass(frozen=True)
class Listing(Generic[Row]):
    """The first :data:`LIMIT` rows of a list and how many there are in all, so the pack says
    when it holds only part of one."""

    rows: list[Row]
    total: int

    @property
    def cut(self) -> bool:
        return self.total > len(self.rows)


def _total(session: Session, query: Select[Any], shown: int) -> int:
    """The whole list's length, counted only when the page of it is full."""
    if shown < LIMIT:
        return shown
    counted = select(func.count()).select_from(query.order_by(None).limit(None).subquery())
    return int(session.execute(counted).scalar_one())


@dataclass(frozen=True)
class EscalationRow:
    reference: str
    desa: str
    officer: str
    at: datetime
    reason: str
    state: str  # where the case stands now (its outcome, if closed)


@dataclass(frozen=True)
class OverdueRow:
    reference: str
    desa: str
    officer: str
    state: str
    due_at: datetime


# What a row prints of its case: the columns alone, not whole cases (up to LIMIT of them).
_CASE_COLUMNS = (Case.reference, Case.workflow, Case.workflow_version, Case.state)


def _state_label(registry: WorkflowRegistry, workflow: str, version: int, state: str) -> str:
    spec = registry.get(workflow, version)
    found = spec.states.get(state)
    return found.label.get(ID) if found else state


def escalations(
    session: Session, registry: WorkflowRegistry, sel: Selection, begins: datetime, ends: datetime
) -> Listing[EscalationRow]:
    """Every escalation in [begins, ends), oldest first, with the reason the officer wrote."""
    stay = CaseStay
    reason = Event.payload["reason"].as_string()
    query = (
        select(*_CASE_COLUMNS, Area.name, User.full_name, stay.entered_at, reason)
        .select_from(stay)
        .join(Case, Case.id == stay.case_id)
        .join(Event, and_(Event.case_id == stay.case_id, Event.seq == stay.entered_seq))
        .join(Area, Area.id == Case.desa_id)
        .outerjoin(User, User.id == Case.assigned_officer_id)
        .where(
            *sel.stays(),
            stay.entered_seq > 1,
            within(stay.entered_at, begins, ends),
            stay_in(registry, is_escalation),
        )
        .order_by(stay.entered_at, Case.reference)
    )
    rows = [
        EscalationRow(
            reference,
            desa,
            officer or "-",
            at,
            str(why or "-"),
            _state_label(registry, workflow, version, state),
        )
        for reference, workflow, version, state, desa, officer, at, why in session.execute(
            query.limit(LIMIT)
        )
    ]
    return Listing(rows, _total(session, query, len(rows)))


def overdue(
    session: Session, registry: WorkflowRegistry, sel: Selection, now: datetime
) -> Listing[OverdueRow]:
    """The open cases past their deadline at ``now``, the longest overdue first."""
    query = (
        select(*_CASE_COLUMNS, Case.due_at, Area.name, User.full_name)
        .join(Area, Area.id == Case.desa_id)
        .outerjoin(User, User.id == Case.assigned_officer_id)
        .where(*sel.cases(), overdue_at(now))
        .order_by(Case.due_at, Case.reference)
    )
    rows: list[OverdueRow] = []
    for reference, workflow, version, state, due_at, desa, officer in session.execute(
        query.limit(LIMIT)
    ):
        label = _state_label(registry, workflow, version, state)
        rows.append(OverdueRow(reference, desa, officer or "-", label, due_at))
    return Listing(rows, _total(session, query, len(rows)))
