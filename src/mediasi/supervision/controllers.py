"""The supervisor's desk and the area export."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.response import Response

from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.audit.export import to_csv, to_json, trail_rows
from mediasi.cases.access import desa_in_reach
from mediasi.cases.desk import Desk
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.i18n import _
from mediasi.supervision.queries import SupervisionQueries, events_in_scope
from mediasi.supervision.schemas import ExportRequest
from mediasi.validation import validate
from mediasi.web.render import attachment, render
from mediasi.workflow.durations import LOCAL_TZ

Queries = NamedDependency[SupervisionQueries]
SUPERVISORS_ONLY = requires(Role.SUPERVISOR, refusal=_("Halaman ini hanya untuk pengawas."))


def provide_supervision_queries(
    case_service: NamedDependency[CaseService],
) -> SupervisionQueries:
    return SupervisionQueries(case_service.session, case_service.engine.registry)


class SupervisionController(Controller):
    path = "/supervision"
    guards = [SUPERVISORS_ONLY]
    dependencies = {"queries": Provide(provide_supervision_queries, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="supervision:desk")
    def desk(self, desk: NamedDependency[Desk], queries: Queries) -> Any:
        request, actor = desk.request, desk.actor
        registry = queries.registry
        now = utcnow()
        today = now.astimezone(LOCAL_TZ).date()
        return render(
            request,
            "supervision/desk.html",
            queue=queries.review_queue(actor),
            overdue=queries.overdue(actor, now),
            load=queries.officer_load(actor, now),
            specs={(s.name, s.version): s for s in registry.all()},
            desa_options=desa_in_reach(queries.session, actor),
            export_start=today.replace(day=1).isoformat(),
            export_end=today.isoformat(),
        )

    @get("/export", sync_to_thread=True, name="supervision:export")
    def export(self, desk: NamedDependency[Desk], queries: Queries) -> Response[str]:
        request, actor = desk.request, desk.actor
        wanted = validate(ExportRequest, dict(request.query_params))
        events = events_in_scope(queries.session, actor, wanted.begins, wanted.ends, wanted.desa)
        rows = trail_rows(events)
        name = f"mediasi-trail-{wanted.start}-{wanted.end}.{wanted.format}"
        if wanted.format == "json":
            return attachment(to_json(rows), name, "application/json")
        return attachment(to_csv(rows), name, "text/csv; charset=utf-8")
