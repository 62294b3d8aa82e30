"""What the cases count for in the monthly roll-up (:mod:`~mediasi.cases.rollup_model`), as
one grouped SELECT per table over the stays and events of the cases asked for, their months
taken in one time zone. The same statements fill the roll-up (every case), keep it (one
case, before and after its change) and check it (``audit verify``), so the three cannot
disagree; the rules are the statistics' own (:mod:`~mediasi.cases.state_picks`), and a
stay's days are worked out by the same SQL as the statistics' scans, so the values match to
the last bit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
)

from mediasi.cases.event_model import Event
from mediasi.cases.rollup_model import (
    NEVER,
    NO_OFFICER,
    NOWHERE,
    AgreedMonth,
    EndedMonth,
    EnteredMonth,
    HandledMonth,
)
from mediasi.cases.state_picks import (
    agreement_step,
    escalated_before,
    is_final,
    reported_at,
    stay_in,
)
from mediasi.cases.stay_model import CaseStay
from mediasi.db.intervals import days_between
from mediasi.db.months import local_month
from mediasi.workflow.loader import WorkflowRegistry

ZONE = bindparam("zone", type_=CaseStay.state.type)


@dataclass(frozen=True)
class Part:
    """One roll-up table: its key columns and the measures added up under them."""

    table: Table
    keys: tuple[str, ...]
    measures: tuple[str, ...]


def _part(model: Any, measures: tuple[str, ...]) -> Part:
    table = model.__table__
    keys = tuple(c.name for c in table.primary_key.columns)
    return Part(table, keys, measures)


ENTERED = _part(EnteredMonth, ("stays", "escalated"))
ENDED = _part(EndedMonth, ("stays", "days", "paused"))
AGREED = _part(AgreedMonth, ("agreements",))
HANDLED = _part(HandledMonth, ("cases",))
STAY_PARTS = (ENTERED, ENDED, AGREED)  # what the stays alone count for
PARTS = (*STAY_PARTS, HANDLED)


def _officer(column: Any) -> Any:
    return func.coalesce(column, literal(NO_OFFICER, CaseStay.officer_id.type))


def entered(registry: WorkflowRegistry, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    s = CaseStay
    closed = and_(stay_in(registry, is_final), escalated_before(registry))
    keys = [
        s.desa_id,
        local_month(s.entered_at, ZONE).label("month"),
        s.workflow,
        s.version,
        s.category,
        _officer(s.officer_id).label("officer_id"),
        s.state,
        (s.entered_seq == 1).label("first"),
    ]
    measures = [func.count(), func.sum(case((closed, 1), else_=0))]
    return select(*keys, *measures).where(*where).group_by(*keys)


def ended(registry: WorkflowRegistry, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    s = CaseStay
    keys = [
        s.desa_id,
        local_month(s.left_at, ZONE).label("month"),
        s.workflow,
        s.version,
        s.category,
        s.state,
        func.coalesce(s.left_to, NOWHERE).label("left_to"),
        or_(s.left_by_system, s.flagged).label("missed"),
        s.left_seq,
    ]
    measures = [
        func.count(),
        func.sum(days_between(s.left_at, s.entered_at) - s.paused_days),
        func.sum(s.paused_days),
    ]
    return select(*keys, *measures).where(*where, s.left_at.is_not(None)).group_by(*keys)


def agreed(registry: WorkflowRegistry, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    s = CaseStay
    keys = [
        s.desa_id,
        local_month(s.entered_at, ZONE).label("month"),
        s.workflow,
        s.category,
        days_between(s.entered_at, reported_at()).label("days"),
    ]
    return select(*keys, func.count()).where(*where, agreement_step(registry)).group_by(*keys)


def handled(registry: WorkflowRegistry, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """Each case counts under its report's desa, officer, workflow and category (the first
    stay copies the case's), once per month it has an event in, with the month before that."""
    report = CaseStay
    cases = select(report.case_id).where(*where, report.entered_seq == 1)
    months = (
        select(Event.case_id, local_month(Event.created_at, ZONE).label("month"))
        .where(Event.case_id.in_(cases))
        .distinct()
        .subquery()
    )
    since = func.lag(months.c.month).over(partition_by=months.c.case_id, order_by=months.c.month)
    ordered = select(months.c.case_id, months.c.month, since.label("since")).subquery()
    keys = [
        report.desa_id,
        ordered.c.month,
        _officer(report.officer_id).label("officer_id"),
        report.workflow,
        report.category,
        func.coalesce(ordered.c.since, literal(NEVER, HandledMonth.since.type)).label("since"),
    ]
    joined = ordered.join(
        report, and_(report.case_id == ordered.c.case_id, report.entered_seq == 1)
    )
    return select(*keys, func.count()).select_from(joined).group_by(*keys)


BUILDERS = {ENTERED: entered, ENDED: ended, AGREED: agreed, HANDLED: handled}
