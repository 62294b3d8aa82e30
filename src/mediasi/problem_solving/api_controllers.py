"""``/api/cases/{case_id}/problem-solving.pdf``: the case's Problem Solving report, as the case
page's download gives it: outside the caller's scope 404, a tokoh of the case 403."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide

from mediasi.agreements.documents import PDF
from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.problem_solving.controllers import provide_reports
from mediasi.problem_solving.documents import ProblemSolvingReports
from mediasi.web.downloads import inline
from mediasi.web.openapi import documented, file_answer


class ProblemSolvingApiController(Controller):
    path = "/api/cases/{case_id:uuid}/problem-solving.pdf"
    tags = ("cases",)
    opt = {"feature": "cases"}
    dependencies = {"ps_reports": Provide(provide_reports, sync_to_thread=False)}

    @get(
        "/",
        sync_to_thread=True,
        name="api:problem_solving_pdf",
        **documented(404),
        **file_answer(PDF, description="The case's Problem Solving report as a PDF."),
    )
    def pdf(
        self,
        desk: NamedDependency[Desk],
        case: NamedDependency[Case],
        ps_reports: NamedDependency[ProblemSolvingReports],
    ) -> Response[bytes]:
        """The report of the case as it stands: the parties, the problem, the steps taken,
        the outcome; the officers and supervisors over the case read it."""
        document = ps_reports.pdf(case, desk.actor)
        return inline(document.data, document.media_type, document.filename)
