"""A case's full trail: every event, whether its chain verifies, and its export."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.audit.export import to_csv, to_json, trail_rows
from mediasi.audit.services import events_of, verify_case
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.errors import Forbidden
from mediasi.i18n import _
from mediasi.web.render import attachment, render

_NO_TRAIL = _("Jejak audit hanya untuk petugas dan pengawas.")


class TrailController(Controller):
    path = "/cases/{case_id:uuid}/trail"

    def _case(self, actor: Actor, case_service: CaseService, case_id: UUID) -> Case:
        """Scope first (404 outside), then who may read a trail (403)."""
        case = case_service.get(case_id, actor)
        if actor.role not in (Role.OFFICER, Role.SUPERVISOR):
            raise Forbidden(_NO_TRAIL)
        return case

    @get("/", sync_to_thread=True, name="audit:trail")
    def trail(
        self,
        request: Request[Any, Any, Any],
        actor: NamedDependency[Actor],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
    ) -> Any:
        case = self._case(actor, case_service, case_id)
        verification = verify_case(case_service.session, case, case_service.engine.registry)
        return render(
            request,
            "audit/trail.html",
            case=case,
            spec=case_service.spec_of(case),
            events=events_of(case_service.session, case.id),
            verification=verification,
        )

    def _rows(
        self, actor: Actor, case_service: CaseService, case_id: UUID
    ) -> tuple[str, list[dict[str, Any]]]:
        case = self._case(actor, case_service, case_id)
        rows = trail_rows((case.reference, e) for e in events_of(case_service.session, case.id))
        return case.reference.replace("/", "-"), rows

    @get("/export.csv", sync_to_thread=True, name="audit:trail_csv")
    def export_csv(
        self,
        actor: NamedDependency[Actor],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
    ) -> Response[str]:
        name, rows = self._rows(actor, case_service, case_id)
        return attachment(to_csv(rows), f"{name}.csv", "text/csv; charset=utf-8")

    @get("/export.json", sync_to_thread=True, name="audit:trail_json")
    def export_json(
        self,
        actor: NamedDependency[Actor],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
    ) -> Response[str]:
        name, rows = self._rows(actor, case_service, case_id)
        return attachment(to_json(rows), f"{name}.json", "application/json")
