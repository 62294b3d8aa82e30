"""``/api/statistics``: the statistics page's figures as JSON, for the same readers and the
same query string; a wrong filter is a problem-details answer naming it."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency, Provide

from mediasi.cases.desk import Desk
from mediasi.db.base import utcnow
from mediasi.statistics.api_schemas import StatisticsOut
from mediasi.statistics.controllers import CASE_WORKERS_ONLY, Service, provide_statistics
from mediasi.statistics.schemas import STATISTICS_QUERY
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import declared


class StatisticsApiController(Controller):
    path = "/api/statistics"
    tags = ("statistics",)
    opt = {"feature": "statistics"}
    guards = [CASE_WORKERS_ONLY]
    dependencies = {"statistics": Provide(provide_statistics, sync_to_thread=False)}

    @get(
        "/",
        sync_to_thread=True,
        name="api:statistics",
        **documented(404, 422),
        **declared(query=STATISTICS_QUERY),
    )
    def statistics(self, desk: NamedDependency[Desk], statistics: Service) -> StatisticsOut:
        """The figures for ``period`` (month, quarter, year, range) and ``value`` (2026-11,
        2026-Q4, 2026) or ``start``/``end``, within ``area`` (a code in the caller's reach),
        narrowed to ``workflow`` and ``category``; the area's local days."""
        answer = statistics.statistics(desk.actor, dict(desk.request.query_params), utcnow())
        return StatisticsOut.of(answer.statistics)
