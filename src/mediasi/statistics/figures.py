"""The statistics query layer: :class:`StatisticsQueries` answers, for an actor, an area, a
period and optionally a workflow and a category, the headline :class:`Figures` (and the same
for the previous period), the breakdowns per area and per officer, and twelve months.

Every number comes from a SQL aggregate over the cases' stays (the read model kept beside the
event log, :mod:`mediasi.cases.stays`) or the case rows (:mod:`~mediasi.statistics.counts`,
:mod:`~mediasi.statistics.timings`, :mod:`~mediasi.statistics.breakdowns`), within the scope
the actor may see (:mod:`~mediasi.statistics.scope`) and over the area's own local days. The
monthly pack and the charts read the same :class:`Statistics`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from mediasi.forum.figures import ForumFigures, forum_figures
from mediasi.reports.period import Period
from mediasi.statistics import counts, rollup_reading, timings
from mediasi.statistics.breakdowns import (
    CATEGORY,
    DESA,
    OFFICER,
    CategoryRow,
    MonthRow,
    OfficerRow,
    UnitRow,
    by_category,
    by_month,
    by_officer,
    by_unit,
    month_bounds,
    split,
)
from mediasi.statistics.measures import Change, percentile, share
from mediasi.statistics.reading import read_stays
from mediasi.statistics.selection import Selection
from mediasi.statistics.tallies import Entry, Exit
from mediasi.statistics.timings import StateStay
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import CLOSED_OUTCOMES

SETTLED = "settled"


@dataclass(frozen=True)
class Figures:
    """The headline figures of one period."""

    period: Period
    reports: Counter[str]  # by door: "officer", "public"
    opened: int
    closed: Counter[str]  # by outcome (CLOSED_OUTCOMES)
    escalated_closed: int  # closed cases that were escalated at least once
    escalations_decided: int
    escalations_returned: int
    agreement_days: list[float]  # one per agreement recorded in the period
    stays: list[StateStay]
    deadline_stays: int
    deadlines_kept: int
    obligations: Counter[str]  # by status: kept, broken, open

    @property
    def closed_total(self) -> int:
        return sum(self.closed.values())

    @property
    def resolution_rate(self) -> float | None:
        return share(self.closed[SETTLED], self.closed_total)

    @property
    def escalation_rate(self) -> float | None:
        return share(self.escalated_closed, self.closed_total)

    @property
    def returned_share(self) -> float | None:
        return share(self.escalations_returned, self.escalations_decided)

    @property
    def agreement_median(self) -> float | None:
        return percentile(self.agreement_days, 0.5)

    @property
    def agreement_p90(self) -> float | None:
        return percentile(self.agreement_days, 0.9)

    @property
    def deadlines_share(self) -> float | None:
        return share(self.deadlines_kept, self.deadline_stays)

    def headline(self) -> dict[str, float | None]:
        """The figures compared with the previous period, by key."""
        return {
            "reports_officer": self.reports[counts.OFFICER_DOOR],
            "reports_public": self.reports[counts.PUBLIC_DOOR],
            "opened": self.opened,
            "closed": self.closed_total,
            **{f"closed_{o}": self.closed[o] for o in CLOSED_OUTCOMES},
            "resolution_rate": self.resolution_rate,
            "escalation_rate": self.escalation_rate,
            "returned_share": self.returned_share,
            "agreement_median": self.agreement_median,
            "agreement_p90": self.agreement_p90,
            "deadlines_met": self.deadlines_share,
        }


@dataclass(frozen=True)
class Statistics:
    """Everything the statistics page shows for one selection and period."""

    selection: Selection
    figures: Figures
    previous: Figures | None  # the period before, of the same kind
    overdue_now: int
    units: list[UnitRow]  # one level down the area tree (the officer's desa)
    desa: list[UnitRow]  # every desa of the scope, whatever the level of its area (the pack's)
    categories: list[CategoryRow]  # those with a case opened or closed in the period
    officers: list[OfficerRow]
    months: list[MonthRow]  # the twelve months ending with the period's last month
    forum: ForumFigures  # what the partnership forums of the scope did in the period

    def changes(self) -> dict[str, Change]:
        before = self.previous.headline() if self.previous else {}
        return {k: Change(v, before.get(k)) for k, v in self.figures.headline().items()}


class StatisticsQueries:
    def __init__(self, session: Session, registry: WorkflowRegistry) -> None:
        self.session = session
        self.registry = registry

    def figures(
        self,
        sel: Selection,
        period: Period,
        entered: list[Entry],
        ended: list[Exit],
        agreed: list[float] | None = None,
    ) -> Figures:
        """The headline figures over ``period``'s days in the scope's time zone, from its
        stays ``entered`` (grouped however) and ``ended``, and the days to each agreement
        (None: as the entries carry them)."""
        s, r = self.session, self.registry
        span = period.span(sel.scope.zone)
        decided, returned = counts.escalation_decisions(r, ended)
        due, kept = timings.deadlines_met(r, ended)
        return Figures(
            period=period,
            reports=counts.reports_by_door(s, sel, *span),
            opened=counts.opened(entered)[None],
            closed=counts.outcomes(counts.closed(r, entered)),
            escalated_closed=counts.escalated_among_closed(entered),
            escalations_decided=decided,
            escalations_returned=returned,
            agreement_days=timings.days_to_agreement(entered) if agreed is None else agreed,
            stays=timings.stays_by_state(ended),
            deadline_stays=due,
            deadlines_kept=kept,
            obligations=counts.obligations_due(s, sel, period.start, period.end),
        )

    def statistics(
        self, sel: Selection, period: Period, previous: Period | None, now: datetime
    ) -> Statistics:
        """The whole page: figures now and before, breakdowns, twelve months, from the stays
        read once for all of them: from the monthly roll-up when the periods are whole months
        (:mod:`~mediasi.statistics.rollup_reading`), else from the stays themselves
        (:func:`~mediasi.statistics.reading.read_stays`)."""
        s, r = self.session, self.registry
        zone = sel.scope.zone
        span = period.span(zone)
        starts, bounds = month_bounds(period.end, zone)
        before = previous.span(zone) if previous else None
        if rollup_reading.answers(s, sel, [period, *([previous] if previous else [])]):
            stays = rollup_reading.read_rollup(s, sel, period, previous, starts)
            handled = rollup_reading.handled(s, sel, period)
        else:
            stays, handled = read_stays(s, r, sel, span, before, bounds), None
        overdue = counts.overdue(s, sel, now)
        by_desa = split(r, stays.entered, DESA)
        area = sel.scope.area
        return Statistics(
            selection=sel,
            figures=self.figures(sel, period, stays.entered, stays.ended, stays.agreed),
            previous=(
                self.figures(
                    sel, previous, stays.entered_before, stays.ended_before, stays.agreed_before
                )
                if previous
                else None
            ),
            overdue_now=overdue.total,
            units=by_unit(sel, by_desa, overdue),
            desa=by_unit(replace(sel, scope=sel.scope.per_desa()), by_desa, overdue),
            categories=by_category(r, split(r, stays.entered, CATEGORY)),
            officers=by_officer(s, sel, span, split(r, stays.entered, OFFICER), overdue, handled),
            months=by_month(r, starts, stays.months),
            forum=forum_figures(s, area.path if area else None, sel.scope.desa_ids, *span),
        )
