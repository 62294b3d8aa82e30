"""The restorative justice report (issue 15): of the cases a reader sees that were reported in
a period, how many per offence category, where they stand now, and which checklist items
ruled how many of them out, each item with its question and the article it cites.

:class:`RestorativeReports` is the query layer the statistics build on: one call gives the
whole report for an actor and a period; :mod:`mediasi.reports.restorative_counts` holds its
two statements and :mod:`mediasi.reports.outcomes` the rules that sort the cases."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.reports.outcomes import Outcome, outcome, to_ppa_at_once
from mediasi.reports.period import Period
from mediasi.reports.restorative_counts import Standing, checklist_answers, standings
from mediasi.restorative.kinds import WORKFLOW
from mediasi.text import Text
from mediasi.workflow.checklist import Finding, checklist_triggers, recorded_findings
from mediasi.workflow.loader import WorkflowRegistry


@dataclass(frozen=True)
class CategoryFigures:
    """One offence category (``value`` as recorded, ``label`` from its workflow file)."""

    value: str
    label: Text
    outcomes: Counter[Outcome] = field(default_factory=Counter)

    @property
    def reported(self) -> int:
        return sum(self.outcomes.values())

    def count(self, which: Outcome) -> int:
        return self.outcomes[which]


@dataclass(frozen=True)
class Exclusion:
    """A checklist item (as the case's own workflow version words it) and the cases it
    ruled out."""

    finding: Finding
    cases: int


@dataclass(frozen=True)
class RestorativeReport:
    period: Period
    categories: list[CategoryFigures]
    total: Counter[Outcome]  # the categories' outcomes added up
    exclusions: list[Exclusion]  # the items that ruled a case out, the most cases first
    excluded_cases: int  # ruled out by at least one item (a case may answer several)
    ppa_at_once: int  # referred to Unit PPA before any mediation failed

    @property
    def reported(self) -> int:
        return sum(self.total.values())


class RestorativeReports:
    def __init__(self, session: Session, registry: WorkflowRegistry) -> None:
        self.session = session
        self.registry = registry

    def report(self, actor: Actor, period: Period) -> RestorativeReport:
        """The report over the cases ``actor`` sees, reported within ``period``."""
        counted = standings(self.session, actor, WORKFLOW, period.begins, period.ends)
        categories = self._categories(counted)
        for row in counted:
            spec = self.registry.get(WORKFLOW, row.version)
            categories[row.category].outcomes[outcome(spec, row.state, row.ended_by)] += row.cases
        total: Counter[Outcome] = Counter()
        for figures in categories.values():
            total.update(figures.outcomes)
        judged = self._findings(actor, period)
        ruled_out = Counter(f for found in judged for f in found)
        return RestorativeReport(
            period=period,
            categories=list(categories.values()),
            total=total,
            exclusions=[Exclusion(found, n) for found, n in ruled_out.most_common()],
            excluded_cases=sum(1 for found in judged if found),
            ppa_at_once=sum(r.cases for r in counted if to_ppa_at_once(r.ended_by, r.ended_from)),
        )

    def _categories(self, counted: Iterable[Standing]) -> dict[str, CategoryFigures]:
        """Every category of the workflow's latest version, in its order (none reported is
        still a row), then any other category a case of an older version was reported in."""
        latest = self.registry.latest(WORKFLOW)
        rows = {c.value: CategoryFigures(c.value, c.label) for c in latest.categories}
        for row in counted:
            if row.category not in rows:
                spec = self.registry.get(WORKFLOW, row.version)
                label = next((c.label for c in spec.categories if c.value == row.category), None)
                rows[row.category] = CategoryFigures(row.category, label or Text(id=row.category))
        return rows

    def _findings(self, actor: Actor, period: Period) -> list[tuple[Finding, ...]]:
        """For each case that answered a checklist, what its latest answers rule out."""
        specs = [spec for spec in self.registry.all() if spec.name == WORKFLOW]
        latest: dict[UUID, tuple[Finding, ...]] = {}
        for case_id, version, payload in checklist_answers(
            self.session, actor, WORKFLOW, checklist_triggers(specs), period.begins, period.ends
        ):
            found = recorded_findings(self.registry.get(WORKFLOW, version), payload)
            if found is not None:
                latest[case_id] = found
        return list(latest.values())
