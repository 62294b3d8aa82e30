"""``/rj/laporan``: the restorative justice report for officers and supervisors, over the
cases each sees (an officer their desa, a supervisor their Polsek or Polres), as a page with a
period filter and as a CSV download. Wrong dates are said beside their field, never a 500."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide

from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.cases.desk import Desk
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.i18n import _
from mediasi.reports.outcomes import OUTCOME_LABELS, Outcome
from mediasi.reports.period import month_of, period_of
from mediasi.reports.restorative_csv import REFERRALS, report_csv
from mediasi.reports.restorative_report import RestorativeReport, RestorativeReports
from mediasi.web.errors import language
from mediasi.web.forms import Failure, submit
from mediasi.web.render import attachment, render

Reports = NamedDependency[RestorativeReports]
CASE_WORKERS_ONLY = requires(
    Role.OFFICER,
    Role.SUPERVISOR,
    refusal=_("Laporan keadilan restoratif hanya untuk petugas dan pengawas."),
)
PAGE = "reports/restorative.html"
DATES = ("start", "end")
CSV = "text/csv; charset=utf-8"


def provide_restorative_reports(case_service: NamedDependency[CaseService]) -> RestorativeReports:
    return RestorativeReports(case_service.session, case_service.engine.registry)


def _shown_dates(params: dict[str, Any]) -> dict[str, str]:
    """The dates as typed, to show again in their inputs (what no date input holds is not)."""
    return {
        name: value
        for name in DATES
        if isinstance(value := params.get(name), str) and len(value) <= 10 and value.isprintable()
    }


class RestorativeReportController(Controller):
    path = "/rj/laporan"
    guards = [CASE_WORKERS_ONLY]
    dependencies = {"reports": Provide(provide_restorative_reports, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="rj_report:page")
    def page(self, desk: NamedDependency[Desk], reports: Reports) -> Response[Any]:
        params = dict(desk.request.query_params)
        now = utcnow()
        first, last = month_of(now)
        shown = {"start": first.isoformat(), "end": last.isoformat(), **_shown_dates(params)}

        def figures(report: RestorativeReport) -> Response[Any]:
            period = report.period
            values = {"start": period.start.isoformat(), "end": period.end.isoformat()}
            return self._page(desk, report, values, {}, 200)

        def refused(failure: Failure) -> Response[Any]:
            return self._page(desk, None, shown, failure.errors, 422)

        return submit(
            lambda: reports.report(desk.actor, period_of(params, now)),
            success=figures,
            failure=refused,
            values=shown,
        )

    @staticmethod
    def _page(
        desk: Desk,
        report: RestorativeReport | None,
        values: dict[str, str],
        errors: dict[str, Any],
        status: int,
    ) -> Response[Any]:
        return render(
            desk.request,
            PAGE,
            status=status,
            report=report,
            values=values,
            errors=errors,
            others={name: e for name, e in errors.items() if name not in DATES},
            outcomes=list(Outcome),
            outcome_labels=OUTCOME_LABELS,
            referrals=REFERRALS,
        )

    @get("/unduh", sync_to_thread=True, name="rj_report:download")
    def download(self, desk: NamedDependency[Desk], reports: Reports) -> Response[str]:
        return download_csv(desk, reports)


def download_csv(desk: Desk, reports: RestorativeReports) -> Response[str]:
    """The report of the asked period (default: this month) as the CSV the page offers, in
    the reader's language: the page's download and the API's are this one."""
    period = period_of(dict(desk.request.query_params), utcnow())
    report = reports.report(desk.actor, period)
    name = f"mediasi-rj-{period.start}-{period.end}.csv"
    body = report_csv(report, language(desk.request))
    return attachment(body, name, CSV)
