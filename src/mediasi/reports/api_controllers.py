"""``/api/rj/report``: the restorative justice report as JSON, and as the page's CSV download
(``/api/rj/report.csv``), over the cases the caller sees; a wrong period is a problem-details
answer naming the field."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide

from mediasi.cases.desk import Desk
from mediasi.db.base import utcnow
from mediasi.reports.controllers import (
    CASE_WORKERS_ONLY,
    CSV,
    Reports,
    download_csv,
    provide_restorative_reports,
)
from mediasi.reports.period import PERIOD_QUERY, period_of
from mediasi.reports.schemas import RestorativeReportOut
from mediasi.web.openapi import documented, file_answer
from mediasi.web.openapi_input import declared

CSV_ANSWER = file_answer(CSV, description="The report as CSV, as the page's download.")


class RestorativeReportApiController(Controller):
    path = "/api/rj"
    tags = ("reports",)
    opt = {"feature": "statistics"}
    guards = [CASE_WORKERS_ONLY]
    dependencies = {"reports": Provide(provide_restorative_reports, sync_to_thread=False)}

    @get(
        "/report",
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

    @get(
        "/report.csv",
        sync_to_thread=True,
        name="api:rj_report_csv",
        **documented(422),
        **declared(query=PERIOD_QUERY, answer=CSV_ANSWER),
    )
    def report_csv(self, desk: NamedDependency[Desk], reports: Reports) -> Response[str]:
        """The same report as the CSV the page offers (``/rj/laporan/unduh``), its labels in
        the caller's language."""
        return download_csv(desk, reports)
