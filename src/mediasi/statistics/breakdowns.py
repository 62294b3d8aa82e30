"""The figures broken down: per area one level down (Polsek of a Polres, desa of a Polsek),
per officer, and per month for twelve months. Each is a few grouped statements over the cases'
stays (opened, closed, settled) or the case rows (overdue now); the rows Python adds up are
per desa, per officer or per month, never per case."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any
from uuid import UUID

from sqlalchemy import SQLColumnExpression, case, func, select
from sqlalchemy.orm import Session

from mediasi.accounts.models import OfficerDesa, User
from mediasi.cases.event_model import Event
from mediasi.cases.lateness import overdue_at
from mediasi.cases.models import Case
from mediasi.cases.stay_model import CaseStay
from mediasi.mediation.models import MediationSession
from mediasi.reports.period import midnight, months_after
from mediasi.statistics.counts import closing, opening, stay_in, within
from mediasi.statistics.scope import Unit
from mediasi.statistics.selection import Selection, ends_as
from mediasi.text import LocalText
from mediasi.workflow.loader import WorkflowRegistry

SETTLED = "settled"
POSTPONED = "postponed"  # a session put off was not held
MONTHS = 12


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    opened: int
    closed: int
    settled: int
    overdue: int


@dataclass(frozen=True)
class CategoryRow:
    category: str  # the stored value
    label: LocalText | None  # as a workflow's file names it, None for a value no file knows
    opened: int
    closed: int
    settled: int

    def name(self, lang: str) -> str:
        return self.label.get(lang) if self.label else self.category


@dataclass(frozen=True)
class OfficerRow:
    user_id: UUID
    name: str
    handled: int  # cases assigned to them with any event in the period
    settled: int  # closed as settled in the period
    overdue: int  # open now and past their state's deadline
    sessions: int  # mediation sessions held in the period


@dataclass(frozen=True)
class MonthRow:
    month: date  # its first day
    opened: int
    closed: int
    settled: int
    before: MonthRow | None = None  # the month before, for the change

    def change(self, figure: str) -> int | None:
        if self.before is None:
            return None
        return int(getattr(self, figure)) - int(getattr(self.before, figure))


def _counted(session: Session, query: Any) -> Counter[Any]:
    return Counter({key: int(n or 0) for key, n in session.execute(query)})


def _settled(registry: WorkflowRegistry) -> Any:
    return case((stay_in(registry, ends_as(SETTLED)), 1), else_=0)


def _opened_by(
    session: Session, sel: Selection, key: Any, begins: datetime, ends: datetime
) -> Counter[Any]:
    """Cases opened in [begins, ends), by ``key`` (a column of their first stay)."""
    return _counted(
        session,
        select(key, func.count()).where(opening(sel, begins, ends)).group_by(key),
    )


def _closed_by(
    session: Session,
    registry: WorkflowRegistry,
    sel: Selection,
    key: Any,
    begins: datetime,
    ends: datetime,
) -> tuple[Counter[Any], Counter[Any]]:
    """(closed, of them settled) in [begins, ends), by ``key`` (a column of the stay in the
    final state)."""
    query = (
        select(key, func.count(), func.sum(_settled(registry)))
        .where(closing(registry, sel, begins, ends))
        .group_by(key)
    )
    closed: Counter[Any] = Counter()
    settled: Counter[Any] = Counter()
    for value, n, s in session.execute(query):
        closed[value], settled[value] = int(n), int(s or 0)
    return closed, settled


def _overdue_by(session: Session, sel: Selection, key: Any, now: datetime) -> Counter[Any]:
    return _counted(
        session,
        select(key, func.count()).where(*sel.cases(), overdue_at(now)).group_by(key),
    )


def by_unit(
    session: Session,
    registry: WorkflowRegistry,
    sel: Selection,
    begins: datetime,
    ends: datetime,
    now: datetime,
) -> list[UnitRow]:
    opened = _opened_by(session, sel, CaseStay.desa_id, begins, ends)
    closed, settled = _closed_by(session, registry, sel, CaseStay.desa_id, begins, ends)
    overdue = _overdue_by(session, sel, Case.desa_id, now)
    totals: dict[UUID, Counter[str]] = {u.id: Counter() for u in sel.scope.units}
    for desa_id, unit_id in sel.scope.unit_of.items():
        totals[unit_id].update(
            opened=opened[desa_id],
            closed=closed[desa_id],
            settled=settled[desa_id],
            overdue=overdue[desa_id],
        )
    return [
        UnitRow(
            u,
            totals[u.id]["opened"],
            totals[u.id]["closed"],
            totals[u.id]["settled"],
            totals[u.id]["overdue"],
        )
        for u in sel.scope.units
    ]


def by_category(
    session: Session,
    registry: WorkflowRegistry,
    sel: Selection,
    begins: datetime,
    ends: datetime,
) -> list[CategoryRow]:
    """Every category with a case opened or closed in the period, the most opened first."""
    key = CaseStay.category
    opened = _opened_by(session, sel, key, begins, ends)
    closed, settled = _closed_by(session, registry, sel, key, begins, ends)
    found = sorted(set(opened) | set(closed), key=lambda c: (-opened[c], -closed[c], c))
    labels = {c.value: c.label for spec in registry.all() for c in spec.categories}
    return [CategoryRow(c, labels.get(c), opened[c], closed[c], settled[c]) for c in found]


def by_officer(
    session: Session,
    registry: WorkflowRegistry,
    sel: Selection,
    begins: datetime,
    ends: datetime,
    now: datetime,
) -> list[OfficerRow]:
    """Every active officer holding a desa in scope, with the cases of the scope assigned
    to them."""
    officers = session.execute(
        select(User.id, User.full_name)
        .join(OfficerDesa, OfficerDesa.user_id == User.id)
        .where(OfficerDesa.desa_id.in_(sel.scope.desa_ids), User.is_active.is_(True))
        .distinct()
        .order_by(User.full_name)
    ).all()
    officer = Case.assigned_officer_id
    handled = _counted(
        session,
        select(officer, func.count(func.distinct(Case.id)))
        .join(Event, Event.case_id == Case.id)
        .where(*sel.cases(), within(Event.created_at, begins, ends))
        .group_by(officer),
    )
    settled = _closed_by(session, registry, sel, CaseStay.officer_id, begins, ends)[1]
    overdue = _overdue_by(session, sel, officer, now)
    sessions = _counted(
        session,
        select(officer, func.count())
        .select_from(MediationSession)
        .join(Case, Case.id == MediationSession.case_id)
        .where(
            *sel.cases(),
            within(MediationSession.held_at, begins, ends),
            MediationSession.status != POSTPONED,
        )
        .group_by(officer),
    )
    return [
        OfficerRow(uid, name, handled[uid], settled[uid], overdue[uid], sessions[uid])
        for uid, name in officers
    ]


def month_starts(last_day: date, count: int) -> list[date]:
    """The first days of the ``count`` months ending with ``last_day``'s, oldest first."""
    index = last_day.year * 12 + last_day.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _bucket(column: SQLColumnExpression[Any], bounds: list[datetime]) -> Any:
    """The index of the month ``column`` falls in, by its bounds (each month's first moment,
    then the moment after the last month), computed in SQL."""
    return case(*((column < bound, i) for i, bound in enumerate(bounds[1:])), else_=None)


def by_month(
    session: Session, registry: WorkflowRegistry, sel: Selection, last_day: date, zone: tzinfo
) -> list[MonthRow]:
    """The twelve months ending with ``last_day``'s month, each with the month before it."""
    starts = month_starts(last_day, MONTHS + 1)
    bounds = [midnight(d, zone) for d in [*starts, months_after(starts[-1], 1)]]
    begins, ends = bounds[0], bounds[-1]
    month = _bucket(CaseStay.entered_at, bounds)
    opened = _opened_by(session, sel, month, begins, ends)
    closed, settled = _closed_by(session, registry, sel, month, begins, ends)
    rows: list[MonthRow] = []
    before: MonthRow | None = None
    for i, start in enumerate(starts):
        row = MonthRow(start, opened[i], closed[i], settled[i], before)
        rows.append(row)
        before = row
    return rows[1:]
