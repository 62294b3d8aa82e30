"""The statistics as the API sends them: keys as the query layer names them, shares as
fractions (0…1, null where there is nothing to divide by), days as decimals; the forums'
figures beside the cases'."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from mediasi.forum.figures import ForumFigures
from mediasi.forum.kinds import ACTIVITY_KINDS
from mediasi.statistics.figures import Figures, Statistics
from mediasi.workflow.spec import CLOSED_OUTCOMES


class StayOut(BaseModel):
    workflow: str
    state: str
    stays: int
    mean_days: float  # paused time left out
    paused_days: float  # the deadline paused, over these stays together


class FiguresOut(BaseModel):
    start: date
    end: date
    reports: dict[str, int]  # by door: officer, public
    opened: int
    closed: dict[str, int]  # by outcome
    closed_total: int
    resolution_rate: float | None
    escalation_rate: float | None
    escalations_decided: int
    escalations_returned: int
    returned_share: float | None
    agreements: int
    agreement_days_median: float | None
    agreement_days_p90: float | None
    state_days: list[StayOut]
    deadline_stays: int
    deadlines_met: int
    deadlines_share: float | None
    obligations: dict[str, int]  # by status: kept, broken, open

    @classmethod
    def of(cls, f: Figures) -> FiguresOut:
        return cls(
            start=f.period.start,
            end=f.period.end,
            reports=dict(f.reports),
            opened=f.opened,
            closed={o: f.closed[o] for o in CLOSED_OUTCOMES},
            closed_total=f.closed_total,
            resolution_rate=f.resolution_rate,
            escalation_rate=f.escalation_rate,
            escalations_decided=f.escalations_decided,
            escalations_returned=f.escalations_returned,
            returned_share=f.returned_share,
            agreements=len(f.agreement_days),
            agreement_days_median=f.agreement_median,
            agreement_days_p90=f.agreement_p90,
            state_days=[StayOut(**vars(s)) for s in f.stays],
            deadline_stays=f.deadline_stays,
            deadlines_met=f.deadlines_kept,
            deadlines_share=f.deadlines_share,
            obligations={s: f.obligations[s] for s in ("kept", "broken", "open")},
        )


class UnitOut(BaseModel):
    code: str
    name: str
    level: str
    opened: int
    closed: int
    settled: int
    overdue: int


class CategoryOut(BaseModel):
    category: str
    label: str  # in Indonesian, as the workflow file names it
    opened: int
    closed: int
    settled: int


class OfficerOut(BaseModel):
    name: str
    handled: int
    settled: int
    overdue: int
    sessions: int


class MonthOut(BaseModel):
    month: str  # 2026-11
    opened: int
    closed: int
    settled: int
    opened_change: int | None
    closed_change: int | None
    settled_change: int | None


class ForumFiguresOut(BaseModel):
    """What the partnership forums of the area did in the period (the page's forum section)."""

    held: dict[str, int]  # activities held, by kind (every kind, zero too)
    held_total: int
    members_present: int  # member attendances at them
    residents: int  # residents counted at them
    raised: int  # aspirations and complaints raised
    followed: int  # … of which done or turned into a case by now
    cases: int  # aspirations turned into a case in the period

    @classmethod
    def of(cls, f: ForumFigures) -> ForumFiguresOut:
        return cls(
            held={kind: f.held[kind] for kind in ACTIVITY_KINDS},
            held_total=f.held_total,
            members_present=f.members_present,
            residents=f.residents,
            raised=f.raised,
            followed=f.followed,
            cases=f.cases,
        )


class StatisticsOut(BaseModel):
    area: str | None  # the code counted; null: the officer's own desa
    workflow: str | None
    category: str | None
    time_zone: str
    figures: FiguresOut
    previous: FiguresOut | None
    overdue_now: int
    areas: list[UnitOut]
    categories: list[CategoryOut]
    officers: list[OfficerOut]
    months: list[MonthOut]
    forum: ForumFiguresOut

    @classmethod
    def of(cls, s: Statistics) -> StatisticsOut:
        sel = s.selection
        return cls(
            area=sel.scope.area.code if sel.scope.area else None,
            workflow=sel.workflow,
            category=sel.category,
            time_zone=str(sel.scope.zone),
            figures=FiguresOut.of(s.figures),
            previous=FiguresOut.of(s.previous) if s.previous else None,
            overdue_now=s.overdue_now,
            areas=[
                UnitOut(
                    code=u.unit.code,
                    name=u.unit.name,
                    level=u.unit.level,
                    opened=u.opened,
                    closed=u.closed,
                    settled=u.settled,
                    overdue=u.overdue,
                )
                for u in s.units
            ],
            categories=[
                CategoryOut(
                    category=c.category,
                    label=c.name("id"),
                    opened=c.opened,
                    closed=c.closed,
                    settled=c.settled,
                )
                for c in s.categories
            ],
            officers=[
                OfficerOut(
                    name=o.name,
                    handled=o.handled,
                    settled=o.settled,
                    overdue=o.overdue,
                    sessions=o.sessions,
                )
                for o in s.officers
            ],
            months=[
                MonthOut(
                    month=m.month.strftime("%Y-%m"),
                    opened=m.opened,
                    closed=m.closed,
                    settled=m.settled,
                    opened_change=m.change("opened"),
                    closed_change=m.change("closed"),
                    settled_change=m.change("settled"),
                )
                for m in s.months
            ],
            forum=ForumFiguresOut.of(s.forum),
        )
