"""``/api``: cases, their steps and their events, as JSON; errors as problem details."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.api.schemas import (
    CaseDetailOut,
    CaseOut,
    CasePageOut,
    EventOut,
    PartyOut,
    StepOut,
    TransitionIn,
)
from mediasi.audit.services import events_of
from mediasi.cases.queries import CaseFilters, CaseQueries
from mediasi.cases.schemas import CaseCreate
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.errors import Forbidden
from mediasi.i18n import _
from mediasi.validation import validate


class CaseApiController(Controller):
    path = "/api/cases"
    tags = ("cases",)

    @get("/", sync_to_thread=True, name="api:cases")
    def list_cases(
        self,
        request: Request[Any, Any, Any],
        actor: NamedDependency[Actor],
        case_service: NamedDependency[CaseService],
        case_queries: NamedDependency[CaseQueries],
    ) -> CasePageOut:
        """Cases the caller may see, filtered like the case list page."""
        filters = validate(CaseFilters, dict(request.query_params))
        now = utcnow()
        page = case_queries.list_cases(actor, filters, now)
        return CasePageOut(
            items=[CaseOut.of(r.case, case_service.spec_of(r.case), now) for r in page.rows],
            total=page.total,
            page=page.page,
            pages=page.pages,
        )

    @post("/", sync_to_thread=True, name="api:report", status_code=HTTP_201_CREATED)
    def report(
        self,
        actor: NamedDependency[Actor],
        case_service: NamedDependency[CaseService],
        data: JSONBody[dict[str, Any]],
    ) -> CaseOut:
        """Register a new case (same fields as the report form; parties as a list)."""
        case = case_service.report(actor, validate(CaseCreate, data))
        return CaseOut.of(case, case_service.spec_of(case), utcnow())

    @get("/{case_id:uuid}", sync_to_thread=True, name="api:case")
    def case(
        self,
        actor: NamedDependency[Actor],
        case_service: NamedDependency[CaseService],
        case_queries: NamedDependency[CaseQueries],
        case_id: FromPath[UUID],
    ) -> CaseDetailOut:
        case = case_service.get(case_id, actor)
        return CaseDetailOut(
            case=CaseOut.of(case, case_service.spec_of(case), utcnow()),
            parties=[PartyOut.of(p, actor) for p in case_queries.parties(case.id)],
            steps=[StepOut.of(o) for o in case_service.options(case, actor)],
        )

    @get("/{case_id:uuid}/events", sync_to_thread=True, name="api:events")
    def events(
        self,
        actor: NamedDependency[Actor],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
    ) -> list[EventOut]:
        """The case's chained events (officers and supervisors; scope first, so 404 outside)."""
        case = case_service.get(case_id, actor)
        if actor.role not in (Role.OFFICER, Role.SUPERVISOR):
            raise Forbidden(_("Riwayat hanya untuk petugas dan pengawas."))
        return [EventOut.of(e) for e in events_of(case_service.session, case.id)]

    @post(
        "/{case_id:uuid}/transitions/{trigger:str}",
        sync_to_thread=True,
        name="api:fire",
        status_code=200,
    )
    def fire(
        self,
        actor: NamedDependency[Actor],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        trigger: FromPath[str],
        data: JSONBody[dict[str, Any]],
    ) -> CaseOut:
        """Take a step; 409 with the reason when the case moved since ``version``."""
        body = validate(TransitionIn, data)
        case = case_service.fire(case_id, trigger, actor, body.fields, body.version)
        return CaseOut.of(case, case_service.spec_of(case), utcnow())

    @get("/{case_id:uuid}/steps", sync_to_thread=True, name="api:steps")
    def steps(
        self,
        actor: NamedDependency[Actor],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
    ) -> list[StepOut]:
        case = case_service.get(case_id, actor)
        return [StepOut.of(o) for o in case_service.options(case, actor)]
