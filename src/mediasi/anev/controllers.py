"""``/statistik/anev.pdf`` and ``/statistik/anev.xlsx``: the monthly anev pack of a month
(``month=2026-11``, default this month) for a supervisor's area or one beneath it
(``area=CODE``). Only supervisors: the pack evaluates the officers, who read their own desa on
the statistics page (403). A wrong month is 422, an area out of reach 404."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide

from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.anev.document import file_stem, pack_pdf
from mediasi.anev.pack import AnevPacks, Pack
from mediasi.anev.workbook import XLSX, pack_xlsx
from mediasi.cases.desk import Desk
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.i18n import _
from mediasi.statistics.controllers import provide_statistics
from mediasi.statistics.service import StatisticsService
from mediasi.web.downloads import inline

SUPERVISORS_ONLY = requires(Role.SUPERVISOR, refusal=_("Paket anev hanya untuk pengawas."))


def provide_packs(statistics: NamedDependency[StatisticsService]) -> AnevPacks:
    return AnevPacks(statistics)


class AnevController(Controller):
    path = "/statistik"
    guards = [SUPERVISORS_ONLY]
    dependencies = {
        "statistics": Provide(provide_statistics, sync_to_thread=False),
        "packs": Provide(provide_packs, sync_to_thread=False),
    }

    @staticmethod
    def _pack(desk: Desk, packs: AnevPacks) -> Pack:
        return packs.pack(desk.actor, dict(desk.request.query_params), utcnow())

    @get("/anev.pdf", sync_to_thread=True, name="anev:pdf")
    def pdf(
        self,
        desk: NamedDependency[Desk],
        packs: NamedDependency[AnevPacks],
        settings: NamedDependency[Settings],
    ) -> Response[bytes]:
        pack = self._pack(desk, packs)
        data = pack_pdf(pack, settings.templates_dir)
        return inline(data, "application/pdf", f"{file_stem(pack)}.pdf")

    @get("/anev.xlsx", sync_to_thread=True, name="anev:xlsx")
    def xlsx(
        self, desk: NamedDependency[Desk], packs: NamedDependency[AnevPacks]
    ) -> Response[bytes]:
        pack = self._pack(desk, packs)
        name = f"{file_stem(pack)}.xlsx"
        return Response(
            pack_xlsx(pack),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
