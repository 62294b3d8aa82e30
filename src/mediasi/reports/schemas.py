"""The restorative justice report as the API sends it: labels and questions in Indonesian
(as every API answer gives them), counts by outcome with the outcomes' own keys."""

from __future__ import annotations

from collections import Counter
from datetime import date

from pydantic import BaseModel

from mediasi.reports.outcomes import Outcome
from mediasi.reports.restorative_report import RestorativeReport


class OutcomesOut(BaseModel):
    reported: int
    settled: int
    in_progress: int
    failed: int
    referred_ppa: int
    referred_reskrim: int
    consent_withdrawn: int

    @classmethod
    def of(cls, outcomes: Counter[Outcome]) -> OutcomesOut:
        return cls(reported=sum(outcomes.values()), **{o.value: outcomes[o] for o in Outcome})


class CategoryOut(OutcomesOut):
    category: str
    label: str


class ExclusionOut(BaseModel):
    field: str  # the checklist field of the workflow
    key: str
    question: str
    source: str  # the article the item cites
    refer_to: str  # where a case it rules out goes: "ppa" or "reskrim"
    cases: int


class ExclusionsOut(BaseModel):
    cases: int  # ruled out by at least one item
    ppa_at_once: int  # referred to Unit PPA before any mediation failed
    items: list[ExclusionOut]


class RestorativeReportOut(BaseModel):
    start: date
    end: date
    total: OutcomesOut
    categories: list[CategoryOut]
    exclusions: ExclusionsOut

    @classmethod
    def of(cls, report: RestorativeReport) -> RestorativeReportOut:
        return cls(
            start=report.period.start,
            end=report.period.end,
            total=OutcomesOut.of(report.total),
            categories=[
                CategoryOut(
                    category=c.value,
                    label=c.label.id,
                    **OutcomesOut.of(c.outcomes).model_dump(),
                )
                for c in report.categories
            ],
            exclusions=ExclusionsOut(
                cases=report.excluded_cases,
                ppa_at_once=report.ppa_at_once,
                items=[
                    ExclusionOut(
                        field=e.finding.field,
                        key=e.finding.key,
                        question=e.finding.label.id,
                        source=e.finding.source,
                        refer_to=e.finding.refer_to,
                        cases=e.cases,
                    )
                    for e in report.exclusions
                ],
            ),
        )
