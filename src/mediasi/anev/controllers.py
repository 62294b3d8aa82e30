"""``/statistik/anev.pdf`` and ``/statistik/anev.xlsx``: the monthly anev pack of a month
(``month=2026-11``, default this month) for a supervisor's area or one beneath it
(``area=CODE``). Only supervisors: the pack evaluates the officers, who read their own desa on
the statistics page (403). A wrong month is 422, an area out of reach 404."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide

from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.agreements.documents import Document
from mediasi.anev.downloads import AnevDownloads
from mediasi.anev.pack import AnevPacks
from mediasi.cases.desk import Desk
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.i18n import _
from mediasi.statistics.controllers import provide_statistics
from mediasi.statistics.service import StatisticsService
from mediasi.web.downloads import inline

SUPERVISORS_ONLY = requires(Role.SUPERVISOR, refusal=_("Paket anev hanya untuk pengawas."))
Downloads = NamedDependency[AnevDownloads]


def provide_downloads(
    statistics: NamedDependency[StatisticsService], settings: NamedDependency[Settings]
) -> AnevDownloads:
    return AnevDownloads(AnevPacks(statistics), settings.templates_dir)


def attachment(document: Document) -> Response[bytes]:
    """The workbook, saved rather than shown (a browser cannot show it)."""
    disposition = f'attachment; filename="{document.filename}"'
    return Response(
        document.data, media_type=document.media_type, headers={"Content-Disposition": disposition}
    )


class AnevController(Controller):
    path = "/statistik"
    guards = [SUPERVISORS_ONLY]
    dependencies = {
        "statistics": Provide(provide_statistics, sync_to_thread=False),
        "downloads": Provide(provide_downloads, sync_to_thread=False),
    }

    @get("/anev.pdf", sync_to_thread=True, name="anev:pdf")
    def pdf(self, desk: NamedDependency[Desk], downloads: Downloads) -> Response[bytes]:
        document = downloads.pdf(desk.actor, dict(desk.request.query_params), utcnow())
        return inline(document.data, document.media_type, document.filename)

    @get("/anev.xlsx", sync_to_thread=True, name="anev:xlsx")
    def xlsx(self, desk: NamedDependency[Desk], downloads: Downloads) -> Response[bytes]:
        return attachment(downloads.xlsx(desk.actor, dict(desk.request.query_params), utcnow()))
