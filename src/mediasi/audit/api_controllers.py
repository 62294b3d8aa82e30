"""``/api/cases/{id}/trail``: a case's audit trail as JSON (with whether it verifies) and as
the CSV the trail page exports; officers and supervisors over the case, as the page."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Response

from mediasi.audit.api_schemas import CaseTrailOut
from mediasi.audit.controllers import export_trail, may_read_trail
from mediasi.audit.export import to_csv
from mediasi.audit.services import case_trail
from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.web.openapi import documented

CSV = "text/csv; charset=utf-8"


class TrailApiController(Controller):
    path = "/api/cases/{case_id:uuid}"
    tags = ("audit",)
    opt = {"feature": "audit"}

    @get("/trail", sync_to_thread=True, name="api:trail", **documented(404))
    def trail(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> CaseTrailOut:
        """Every event of the case with its hashes (full NIK and phone numbers, as stored:
        share it only with who may see them), and whether the chain verifies."""
        may_read_trail(desk.actor)
        session, registry = desk.case_service.session, desk.case_service.engine.registry
        return CaseTrailOut.of(case, case_trail(session, case, registry))

    @get(
        "/trail.csv",
        sync_to_thread=True,
        name="api:trail_csv",
        media_type=CSV,
        **documented(404),
    )
    def trail_csv(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> Response[str]:
        """The same trail as CSV, a row per event (the payload as canonical JSON)."""
        return export_trail(desk, case, to_csv, "csv", CSV)
