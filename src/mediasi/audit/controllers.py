"""A case's full trail: every event, whether its chain verifies, and its export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Response

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.audit.export import to_csv, to_json, trail_rows
from mediasi.audit.services import events_of, verify_case
from mediasi.cases.desk import Desk
from mediasi.cases.history import case_history
from mediasi.cases.models import Case
from mediasi.errors import Forbidden
from mediasi.i18n import _
from mediasi.web.render import attachment, render

_NO_TRAIL = _("Jejak audit hanya untuk petugas dan pengawas.")


class TrailController(Controller):
    path = "/cases/{case_id:uuid}/trail"

    @get("/", sync_to_thread=True, name="audit:trail")
    def trail(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> Any:
        may_read_trail(desk.actor)
        session = desk.case_service.session
        events = events_of(session, case.id)
        return render(
            desk.request,
            "audit/trail.html",
            case=case,
            entries=case_history(
                desk.case_queries, case, desk.case_service.versions_of(case), events, full=True
            ),
            verification=verify_case(session, case, desk.case_service.engine.registry),
        )

    @get("/export.csv", sync_to_thread=True, name="audit:trail_csv")
    def export_csv(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> Response[str]:
        return export_trail(desk, case, to_csv, "csv", "text/csv; charset=utf-8")

    @get("/export.json", sync_to_thread=True, name="audit:trail_json")
    def export_json(
        self, desk: NamedDependency[Desk], case: NamedDependency[Case]
    ) -> Response[str]:
        return export_trail(desk, case, to_json, "json", "application/json")


def may_read_trail(actor: Actor) -> None:
    """Scope comes first (the ``case`` dependency: 404 outside), then who may read (403)."""
    if actor.role not in (Role.OFFICER, Role.SUPERVISOR):
        raise Forbidden(_NO_TRAIL)


def export_trail(
    desk: Desk,
    case: Case,
    write: Callable[[list[dict[str, Any]]], str],
    extension: str,
    media_type: str,
) -> Response[str]:
    """The case's trail as one file to download."""
    may_read_trail(desk.actor)
    rows = trail_rows((case.reference, e) for e in events_of(desk.case_service.session, case.id))
    name = case.reference.replace("/", "-")
    return attachment(write(rows), f"{name}.{extension}", media_type)
