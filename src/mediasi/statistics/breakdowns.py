"""The figures broken down: per area one level down (Polsek of a Polres, desa of a Polsek),
per category, per officer, and per month for twelve months. Opened, closed and settled come
from the stays begun, read once for the whole page (:mod:`~mediasi.statistics.reading`):
the period's grouped by desa, category and officer, and all by month; overdue from one grouped
count of the open stays; the rows Python adds up are per desa, per officer or per month, never
per case."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any
from uuid import UUID

from sqlalchemy import SQLColumnExpression, and_, case, func, null, select
from sqlalchemy.orm import Session

from mediasi.accounts.models import OfficerDesa, User
from mediasi.cases.event_model import Event
from mediasi.cases.models import Case
from mediasi.cases.stay_model import CaseStay
from mediasi.mediation.models import MediationSession
from mediasi.reports.period import midnight, months_after
from mediasi.statistics import counts
from mediasi.statistics.counts import Overdue
from mediasi.statistics.scope import Unit
from mediasi.statistics.selection import Selection, within
from mediasi.statistics.tallies import Entry
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


# The breakdown columns of the period's entries (:func:`~mediasi.statistics.tallies.entries`).
BREAKDOWN = (CaseStay.desa_id, CaseStay.category, CaseStay.officer_id)
DESA, CATEGORY, OFFICER = range(3)


@dataclass(frozen=True)
class Split:
    """Opened, closed and settled, by one breakdown column."""

    opened: Counter[Any]
    closed: Counter[Any]
    settled: Counter[Any]


def split(registry: WorkflowRegistry, entries: Iterable[Entry], column: int) -> Split:
    """The entries' cases opened, closed and settled by the breakdown ``column``."""
    found = list(entries)
    opened = counts.opened(found, lambda e: e.key[column])
    closed: Counter[Any] = Counter()
    settled: Counter[Any] = Counter()
    for (value, outcome), n in counts.closed(registry, found, lambda e: e.key[column]).items():
        closed[value] += n
        settled[value] += n if outcome == SETTLED else 0
    return Split(opened, closed, settled)


def by_unit(sel: Selection, by_desa: Split, overdue: Overdue) -> list[UnitRow]:
    """One row per unit of the scope (its desa's figures added up)."""
    totals: dict[UUID, Counter[str]] = {u.id: Counter() for u in sel.scope.units}
    for desa_id, unit_id in sel.scope.unit_of.items():
        totals[unit_id].update(
            opened=by_desa.opened[desa_id],
            closed=by_desa.closed[desa_id],
            settled=by_desa.settled[desa_id],
            overdue=overdue.by_desa[desa_id],
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


def by_category(registry: WorkflowRegistry, by_category: Split) -> list[CategoryRow]:
    """Every category with a case opened or closed in the period, the most opened first."""
    opened, closed = by_category.opened, by_category.closed
    found = sorted(set(opened) | set(closed), key=lambda c: (-opened[c], -closed[c], c))
    labels = {c.value: c.label for spec in registry.all() for c in spec.categories}
    return [
        CategoryRow(c, labels.get(c), opened[c], closed[c], by_category.settled[c]) for c in found
    ]


def _counted(session: Session, query: Any) -> Counter[Any]:
    return Counter({key: int(n or 0) for key, n in session.execute(query)})


def by_officer(
    session: Session,
    sel: Selection,
    period: tuple[datetime, datetime],
    by_officer: Split,
    overdue: Overdue,
    handled: Counter[Any] | None = None,
) -> list[OfficerRow]:
    """Every active officer holding a desa in scope, with the cases of the scope assigned
    to them: handled (any event in the period: the cases read from the events' time index,
    each looked up once by its first stay, narrower than its row), settled, overdue now, and
    their sessions held. ``handled``: the cases handled per officer, already counted (from
    the monthly roll-up)."""
    officers = session.execute(
        select(User.id, User.full_name)
        .join(OfficerDesa, OfficerDesa.user_id == User.id)
        .where(OfficerDesa.desa_id.in_(sel.scope.desa_ids), User.is_active.is_(True))
        .distinct()
        .order_by(User.full_name)
    ).all()
    officer = Case.assigned_officer_id
    if handled is None:
        handled = _handled(session, sel, period)
    sessions = _counted(
        session,
        select(officer, func.count())
        .select_from(MediationSession)
        .join(Case, Case.id == MediationSession.case_id)
        .where(
            *sel.cases(by_desa=False),
            within(MediationSession.held_at, *period),
            MediationSession.status != POSTPONED,
        )
        .group_by(officer),
    )
    return [
        OfficerRow(
            uid,
            name,
            handled[uid],
            by_officer.settled[uid],
            overdue.by_officer[uid],
            sessions[uid],
        )
        for uid, name in officers
    ]


def _handled(session: Session, sel: Selection, period: tuple[datetime, datetime]) -> Counter[Any]:
    """Per officer, the cases with any event in the period: read from the events' time
    index, each case looked up once by its first stay, narrower than its row."""
    active = select(Event.case_id).where(within(Event.created_at, *period)).distinct().subquery()
    report = CaseStay  # the case's first stay, which copies its desa, officer and the rest
    return _counted(
        session,
        select(report.officer_id, func.count())
        .select_from(active)
        .join(report, and_(report.case_id == active.c.case_id, report.entered_seq == 1))
        .where(*sel.stays())
        .group_by(report.officer_id),
    )


def month_starts(last_day: date, count: int) -> list[date]:
    """The first days of the ``count`` months ending with ``last_day``'s, oldest first."""
    index = last_day.year * 12 + last_day.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def month_bounds(last_day: date, zone: tzinfo) -> tuple[list[date], list[datetime]]:
    """The first days of the twelve months ending with ``last_day``'s and of the month
    before them, and their bounds in ``zone`` (each month's first moment, then the moment
    after the last month)."""
    starts = month_starts(last_day, MONTHS + 1)
    return starts, [midnight(d, zone) for d in [*starts, months_after(starts[-1], 1)]]


def month_index(column: SQLColumnExpression[Any], bounds: list[datetime]) -> Any:
    """The index of the month ``column`` falls in, by the months' ``bounds``, computed in
    SQL; NULL outside them."""
    months = ((column < bound, i) for i, bound in enumerate(bounds[1:]))
    return case((column < bounds[0], null()), *months, else_=null())


def by_month(
    registry: WorkflowRegistry, starts: list[date], entered: list[Entry]
) -> list[MonthRow]:
    """The twelve months of ``starts`` after the first, each with the month before it, from
    the stays ``entered`` keyed first by their month's index (:func:`month_index`)."""
    months = split(registry, entered, 0)
    rows: list[MonthRow] = []
    before: MonthRow | None = None
    for i, start in enumerate(starts):
        row = MonthRow(start, months.opened[i], months.closed[i], months.settled[i], before)
        rows.append(row)
        before = row
    return rows[1:]
