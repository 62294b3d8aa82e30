"""The Problem Solving report of a case, one download: the case's scope first (the case
dependency: 404 outside it), then who may read it (403 for a tokoh of the case)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide

from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.problem_solving.documents import ProblemSolvingReports
from mediasi.web.downloads import inline


def provide_reports(
    desk: NamedDependency[Desk], settings: NamedDependency[Settings]
) -> ProblemSolvingReports:
    return ProblemSolvingReports(desk.case_service, desk.case_queries, settings.templates_dir)


class ProblemSolvingController(Controller):
    path = "/cases/{case_id:uuid}/problem-solving.pdf"
    dependencies = {"ps_reports": Provide(provide_reports, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="problem_solving:pdf")
    def pdf(
        self,
        desk: NamedDependency[Desk],
        case: NamedDependency[Case],
        ps_reports: NamedDependency[ProblemSolvingReports],
    ) -> Response[bytes]:
        document = ps_reports.pdf(case, desk.actor)
        return inline(document.data, document.media_type, document.filename)
