"""``/api/rj/report``: the restorative justice report as JSON, over the cases the caller
sees; a wrong period is a problem-details answer naming the field."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency, Provide

from mediasi.cases.desk import Desk
from mediasi.db.base import utcnow
from mediasi.reports.controllers import CASE_WORKERS_ONLY, Reports, provide_restorative_reports
from mediasi.reports.period import PERIOD_QUERY, period_of
from mediasi.reports.schemas import RestorativeReportOut
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import declared


class RestorativeReportApiController(Controller):
    path = "/api/rj/report"
    tags = ("reports",)
    opt = {"feature": "statistics"}
    guards = [CASE_WORKERS_ONLY]
    dependencies = {"reports": Provide(provide_restorative_reports, sync_to_thread=False)}

    @get(
        "/",
        sync_to_thread=True,
        name="api:rj_report",
        **documented(422),
        **declared(query=PERIOD_QUERY),
    )
    def report(self, desk: NamedDependency[Desk], reports: Reports) -> RestorativeReportOut:
        """Counts by offence category and outcome, and the checklist's exclusions, of the
        cases reported from ``start`` to ``end`` (dates, WIB; default: this month)."""
        period = period_of(dict(desk.request.query_params), utcnow())
        return RestorativeReportOut.of(reports.report(desk.actor, period))
