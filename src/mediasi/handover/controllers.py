"""The handover page: a supervisor (or an admin) moves a desa to another officer."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, URLEncodedBody

from mediasi.accounts.actor import Actor
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.cases.services import CaseService
from mediasi.config import Settings
from mediasi.handover.queries import HandoverQueries
from mediasi.handover.schemas import HandoverForm
from mediasi.handover.services import HandoverService
from mediasi.i18n import _
from mediasi.validation import validate
from mediasi.web.forms import Failure, form_fields, submit
from mediasi.web.render import go, render

PAGE = "handover/page.html"
SUPERVISORS_OR_ADMINS = requires(
    Role.SUPERVISOR, Role.ADMIN, refusal=_("Halaman ini hanya untuk pengawas dan admin.")
)


def provide_handover_service(
    case_service: NamedDependency[CaseService], settings: NamedDependency[Settings]
) -> HandoverService:
    return HandoverService(case_service, settings)


def _page(
    request: Request[Any, Any, Any],
    service: HandoverService,
    actor: Actor,
    *,
    chosen: UUID | str | None = None,
    values: dict[str, Any] | None = None,
    failure: Failure | None = None,
) -> Response[Any]:
    """The desa in reach with their officers; with one ``chosen``, the form that moves it."""
    queries = HandoverQueries(service.session)
    desa = queries.desa_in_reach(actor)
    return render(
        request,
        PAGE,
        block="handover_form" if failure else None,
        status=failure.status if failure else 200,
        desa=desa,
        chosen=next((d for d in desa if str(d.desa.id) == str(chosen)), None),
        officers=queries.officers_in_reach(actor),
        made=queries.made_in_reach(actor),
        values=values or {},
        errors=failure.errors if failure else {},
        form_message=failure.message if failure else None,
    )


class HandoverController(Controller):
    path = "/serah-terima"
    guards = [SUPERVISORS_OR_ADMINS]
    dependencies = {"handovers": Provide(provide_handover_service, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="handover:page")
    def page(
        self,
        request: Request[Any, Any, Any],
        handovers: NamedDependency[HandoverService],
        actor: NamedDependency[Actor],
        desa: FromQuery[UUID | None] = None,
    ) -> Any:
        return _page(request, handovers, actor, chosen=desa)

    @post("/", sync_to_thread=True, name="handover:create")
    def create(
        self,
        request: Request[Any, Any, Any],
        handovers: NamedDependency[HandoverService],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Any:
        values = form_fields(data)
        return submit(
            lambda: handovers.hand_over(actor, validate(HandoverForm, values)),
            values=values,
            success=lambda _: go(request, request.app.route_reverse("handover:page")),
            failure=lambda failure: _page(
                request,
                handovers,
                actor,
                chosen=values.get("desa_id"),
                values=values,
                failure=failure,
            ),
        )
