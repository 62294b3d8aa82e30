"""The stays a statistics page counts, read from the monthly roll-up
(:mod:`~mediasi.cases.rollup_model`) when the page is made of whole months: the period, the
one before it and the twelve months each add up a few rows per desa and month, and the cases
handled per officer come from the months each case had an event in, not from the event log.

The roll-up counts months in each desa's own time zone, so it answers only a scope whose desa
all count in the scope's zone; a period that is not whole months, or a scope whose desa count
in another zone, is read from the stays themselves (:mod:`~mediasi.statistics.reading`).
Either way the figures are the same (``tests/integration/statistics/test_rollup.py``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from mediasi.cases import rollup
from mediasi.cases.rollup_model import (
    NO_OFFICER,
    NOWHERE,
    AgreedMonth,
    EndedMonth,
    EnteredMonth,
    HandledMonth,
)
from mediasi.reports.period import Period
from mediasi.statistics.reading import Stays
from mediasi.statistics.selection import Selection
from mediasi.statistics.tallies import Entry, Exit

Model = type[EnteredMonth] | type[EndedMonth] | type[AgreedMonth] | type[HandledMonth]


def whole_months(period: Period) -> bool:
    return period.start.day == 1 and (period.end + timedelta(days=1)).day == 1


def answers(session: Session, sel: Selection, periods: list[Period]) -> bool:
    """Whether the roll-up can count these periods for this scope (see the module)."""
    if not all(whole_months(p) for p in periods) or not sel.scope.desa_ids:
        return False
    keeper = rollup.keeper(session)
    zones = rollup.zones_of(session.connection(), sel.scope.desa_ids, keeper.default_zone)
    return set(zones) == {sel.scope.zone.key}


def _where(model: Model, sel: Selection, first: date, last: date) -> list[ColumnElement[bool]]:
    where = [sel.scope.covers(model.desa_id), model.month >= first, model.month <= last]
    if sel.workflow is not None:
        where.append(model.workflow == sel.workflow)
    if sel.category is not None:
        where.append(model.category == sel.category)
    return where


def _officer(value: UUID) -> UUID | None:
    return None if value == NO_OFFICER else value


def _entered(session: Session, sel: Selection, period: Period) -> list[Entry]:
    """The period's stays begun, keyed by desa, category and officer."""
    m = EnteredMonth
    keys = [m.desa_id, m.category, m.officer_id, m.workflow, m.version, m.state, m.first]
    query = (
        select(*keys, func.sum(m.stays), func.sum(m.escalated))
        .where(*_where(m, sel, period.start, period.end), m.stays > 0)
        .group_by(*keys)
    )
    return [
        Entry((desa, category, _officer(officer)), w, v, s, bool(f), int(n), int(e or 0))
        for desa, category, officer, w, v, s, f, n, e in session.execute(query)
    ]


def _by_month(session: Session, sel: Selection, first: date, last: date) -> dict[date, list[Entry]]:
    """The stays begun in each month from ``first`` to ``last``."""
    m = EnteredMonth
    keys = [m.month, m.workflow, m.version, m.state, m.first]
    query = (
        select(*keys, func.sum(m.stays), func.sum(m.escalated))
        .where(*_where(m, sel, first, last), m.stays > 0)
        .group_by(*keys)
    )
    found: dict[date, list[Entry]] = {}
    for month, w, v, s, f, n, e in session.execute(query):
        found.setdefault(month, []).append(Entry((), w, v, s, bool(f), int(n), int(e or 0)))
    return found


def _agreed(session: Session, sel: Selection, period: Period) -> list[float]:
    """Days from the report to each of the period's agreements."""
    m = AgreedMonth
    query = (
        select(m.days, func.sum(m.agreements))
        .where(*_where(m, sel, period.start, period.end), m.agreements > 0)
        .group_by(m.days)
    )
    return sorted(float(days) for days, n in session.execute(query) for _ in range(int(n)))


def _ended(session: Session, sel: Selection, period: Period) -> list[Exit]:
    m = EndedMonth
    keys = [m.workflow, m.version, m.state, m.left_to, m.missed]
    measures = [func.sum(m.stays), func.sum(m.days), func.sum(m.paused), func.min(m.left_seq)]
    query = (
        select(*keys, *measures)
        .where(*_where(m, sel, period.start, period.end), m.stays > 0)
        .group_by(*keys)
    )
    return [
        Exit(w, v, s, None if to == NOWHERE else to, bool(missed), int(n), float(d), float(p), q)
        for w, v, s, to, missed, n, d, p, q in session.execute(query)
    ]


def handled(session: Session, sel: Selection, period: Period) -> Counter[Any]:
    """Per officer, the cases with an event in the period: those of its months whose
    latest earlier month with one is before the period, each counted once."""
    m = HandledMonth
    query = (
        select(m.officer_id, func.sum(m.cases))
        .where(*_where(m, sel, period.start, period.end), m.since < period.start, m.cases > 0)
        .group_by(m.officer_id)
    )
    return Counter({_officer(o): int(n) for o, n in session.execute(query)})


def _in(month: date, period: Period | None) -> bool:
    return period is not None and period.start <= month <= period.end


def read_rollup(
    session: Session, sel: Selection, period: Period, previous: Period | None, starts: list[date]
) -> Stays:
    """What :func:`~mediasi.statistics.reading.read_stays` reads, from the roll-up, for the
    months of ``starts`` (:func:`~mediasi.statistics.breakdowns.month_bounds`)."""
    first = min(starts[0], *(p.start for p in (period, previous) if p))
    months = _by_month(session, sel, first, period.end)
    before = [e for m, found in months.items() if _in(m, previous) for e in found]
    return Stays(
        entered=_entered(session, sel, period),
        entered_before=before,
        months=[replace(e, key=(i,)) for i, m in enumerate(starts) for e in months.get(m, [])],
        ended=_ended(session, sel, period),
        ended_before=_ended(session, sel, previous) if previous else [],
        agreed=_agreed(session, sel, period),
        agreed_before=_agreed(session, sel, previous) if previous else [],
    )
