"""The stays a statistics page counts, read in two scans for the whole page instead of one
per figure and period: the stays begun from the earliest day any part of the page counts
(the period before, the first of the twelve months) to the period's end, and the stays ended
in the period and the one before it. Each scan is one indexed range grouped in SQL by which
period and which month a stay falls in; the breakdown columns (desa, category, officer) are
kept only for the period's own stays, and the per-stay detail (an escalation before a close,
the days to an agreement) is asked only of the two periods' stays, so the groups stay few.
Python then hands each part its rows, as the figures would have read them one by one.

SQLite reads each part in a range of its own instead: it works out the
period and month keys and the per-stay detail row by row, and the one scan over both periods
took about twice as long as the five narrower ones (the Polsek's year page 1.0 s instead of
0.5 s at 100,000 cases); PostgreSQL gains from the single scan at a million."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import case, null
from sqlalchemy.orm import Session

from mediasi.cases.stay_model import CaseStay
from mediasi.statistics.breakdowns import BREAKDOWN, month_index
from mediasi.statistics.selection import Selection
from mediasi.statistics.tallies import Entry, Exit, entries, exits
from mediasi.workflow.loader import WorkflowRegistry

NOW, BEFORE = 1, 0  # which period a stay falls in
Span = tuple[datetime, datetime]


@dataclass(frozen=True)
class Stays:
    """What one page counts, by part."""

    entered: list[Entry]  # begun in the period, keyed by desa, category, officer
    entered_before: list[Entry]  # begun in the period before
    months: list[Entry]  # begun in the twelve months and the one before, keyed by month index
    ended: list[Exit]  # ended in the period
    ended_before: list[Exit]  # ended in the period before
    # Days from the report to each agreement of the period (and the one before), when read
    # apart from the entries (the roll-up); None: the entries carry them.
    agreed: list[float] | None = None
    agreed_before: list[float] | None = None


def _which(column: Any, span: Span, before: Span | None) -> Any:
    """NOW for a moment in ``span``, BEFORE for one in ``before``, else NULL (in SQL)."""
    periods = [(column >= span[0], NOW)]
    if before is not None:
        periods.append((column >= before[0], BEFORE))
    return case((column >= span[1], null()), *periods, else_=null())


def read_stays(
    session: Session,
    registry: WorkflowRegistry,
    sel: Selection,
    span: Span,
    before: Span | None,
    bounds: list[datetime],
) -> Stays:
    """The stays of ``sel`` for the period ``span``, the one ``before`` it (None: none is
    compared) and the months of ``bounds`` (:func:`~mediasi.statistics.breakdowns.
    month_bounds`). The period before ends where the period begins."""
    stay = CaseStay
    if session.get_bind().dialect.name == "sqlite":  # one range per part (see the module)
        months = [month_index(stay.entered_at, bounds)]
        return Stays(
            entered=entries(session, registry, sel, span, BREAKDOWN),
            entered_before=entries(session, registry, sel, before) if before else [],
            months=entries(session, registry, sel, (bounds[0], bounds[-1]), months, detail=False),
            ended=exits(session, sel, span),
            ended_before=exits(session, sel, before) if before else [],
        )
    earliest = min(span[0], bounds[0], *(before[:1] if before else ()))
    which = _which(stay.entered_at, span, before)
    own = stay.entered_at >= span[0]
    keys = [which, month_index(stay.entered_at, bounds), *(case((own, k)) for k in BREAKDOWN)]
    since = before[0] if before else span[0]
    found = entries(session, registry, sel, (earliest, span[1]), keys, detail_since=since)
    ended = exits(session, sel, (since, span[1]), [_which(stay.left_at, span, before)])
    return Stays(
        entered=[replace(e, key=e.key[2:]) for e in found if e.key[0] == NOW],
        entered_before=[replace(e, key=()) for e in found if e.key[0] == BEFORE],
        months=[replace(e, key=e.key[1:2]) for e in found if e.key[1] is not None],
        ended=[x for x in ended if x.key[0] == NOW],
        ended_before=[x for x in ended if x.key[0] == BEFORE],
    )
