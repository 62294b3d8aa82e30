"""The statistics a reader asked for: the query string checked, the area resolved within
their reach, the period in the area's time zone, then one read of the query layer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.db.planner import for_aggregates
from mediasi.errors import FieldErrors
from mediasi.i18n import _
from mediasi.statistics.figures import Statistics, StatisticsQueries
from mediasi.statistics.schemas import StatisticsQuery
from mediasi.statistics.scope import scope_of
from mediasi.statistics.selection import Selection
from mediasi.validation import validate
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import Category, WorkflowSpec


@dataclass(frozen=True)
class Answer:
    """The statistics, and the query as understood (to show again in the filter)."""

    query: StatisticsQuery
    statistics: Statistics


class StatisticsService:
    def __init__(self, session: Session, registry: WorkflowRegistry, default_zone: str) -> None:
        self.session = session
        self.registry = registry
        self.default_zone = default_zone
        self.queries = StatisticsQueries(session, registry)

    def workflows(self) -> list[WorkflowSpec]:
        """The latest version of every workflow, for the filter."""
        return [self.registry.latest(name) for name in self.registry.names()]

    def categories(self, workflow: str | None) -> list[Category]:
        """The categories of one workflow (any version), or of all, each value once."""
        found: dict[str, Category] = {}
        for spec in self.registry.all():
            if workflow is None or spec.name == workflow:
                for category in spec.categories:
                    found.setdefault(category.value, category)
        return list(found.values())

    def statistics(self, actor: Actor, params: Mapping[str, Any], now: datetime) -> Answer:
        """Refuses a wrong field (422), an area out of reach (404)."""
        query = validate(StatisticsQuery, dict(params))
        if query.workflow is not None and query.workflow not in self.registry.names():
            raise FieldErrors({"workflow": _("Alur kerja tidak dikenal.")})
        known = {c.value for c in self.categories(query.workflow)}
        if query.category is not None and query.category not in known:
            raise FieldErrors({"category": _("Kategori tidak dikenal.")})
        for_aggregates(self.session)
        scope = scope_of(self.session, actor, query.area, self.default_zone)
        period = query.chosen(now.astimezone(scope.zone).date())
        selection = Selection(actor, scope, query.workflow, query.category)
        previous = query.previous(period)
        return Answer(query, self.queries.statistics(selection, period, previous, now))
