"""``/api/statistics/monthly.pdf`` and ``/api/statistics/monthly.xlsx``: the monthly anev
pack as the statistics page's downloads give it, with the same query (``month``, ``area``),
readers (supervisors; anyone else 403), and refusals (a wrong month 422 naming it, an area out
of reach 404)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide

from mediasi.agreements.documents import PDF
from mediasi.anev.controllers import (
    SUPERVISORS_ONLY,
    Downloads,
    attachment,
    provide_downloads,
)
from mediasi.anev.workbook import XLSX
from mediasi.cases.desk import Desk
from mediasi.db.base import utcnow
from mediasi.statistics.controllers import provide_statistics
from mediasi.web.downloads import inline
from mediasi.web.openapi import documented, file_answer
from mediasi.web.openapi_input import Query, declared, text

ANEV_QUERY = (
    Query(
        "month",
        text(7, r"^\d{4}-\d{2}$"),
        "The month of the pack; default: the current one.",
        example="2026-11",
    ),
    Query("area", text(40), "The code of an area in the caller's reach; default: their own."),
)
PDF_ANSWER = file_answer(PDF, description="The pack as the signed PDF.")
XLSX_ANSWER = file_answer(XLSX, description="The pack as a workbook, a sheet per table.")


class AnevApiController(Controller):
    path = "/api/statistics"
    tags = ("statistics",)
    opt = {"feature": "statistics"}
    guards = [SUPERVISORS_ONLY]
    dependencies = {
        "statistics": Provide(provide_statistics, sync_to_thread=False),
        "downloads": Provide(provide_downloads, sync_to_thread=False),
    }

    @get(
        "/monthly.pdf",
        sync_to_thread=True,
        name="api:anev_pdf",
        **documented(404, 422),
        **declared(query=ANEV_QUERY, answer=PDF_ANSWER),
    )
    def pdf(self, desk: NamedDependency[Desk], downloads: Downloads) -> Response[bytes]:
        """The month's pack as a PDF: the kop, the figures beside last month's, the desa side
        by side, the escalated and overdue cases, the signature block."""
        document = downloads.pdf(desk.actor, dict(desk.request.query_params), utcnow())
        return inline(document.data, document.media_type, document.filename)

    @get(
        "/monthly.xlsx",
        sync_to_thread=True,
        name="api:anev_xlsx",
        **documented(404, 422),
        **declared(query=ANEV_QUERY, answer=XLSX_ANSWER),
    )
    def xlsx(self, desk: NamedDependency[Desk], downloads: Downloads) -> Response[bytes]:
        """The month's pack as a workbook, every list whole, the figures as numbers."""
        return attachment(downloads.xlsx(desk.actor, dict(desk.request.query_params), utcnow()))
