"""``/api``: cases, their steps and their events, as JSON; errors as problem details."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.status_codes import HTTP_201_CREATED

from mediasi.accounts.roles import Role
from mediasi.api.schemas import (
    CaseDetailOut,
    CaseEditIn,
    CaseOut,
    CasePageOut,
    EventOut,
    PartyOut,
    StepOut,
    TransitionIn,
)
from mediasi.audit.services import events_of
from mediasi.cases.desk import Desk
from mediasi.cases.list_filters import API_FILTERS, page_links
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseFilters
from mediasi.cases.schemas import CaseCreate
from mediasi.db.base import utcnow
from mediasi.errors import Forbidden
from mediasi.i18n import _
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared
from mediasi.web.transactions import IN_ONE_TRANSACTION


class CaseApiController(Controller):
    path = "/api/cases"
    tags = ("cases",)
    opt = {"feature": "cases"}

    @get(
        "/",
        sync_to_thread=True,
        name="api:cases",
        **documented(422),
        **declared(query=API_FILTERS),
    )
    def list_cases(self, desk: NamedDependency[Desk]) -> CasePageOut:
        """Cases the caller may see, filtered like the case list page."""
        filters = validate(CaseFilters, dict(desk.request.query_params))
        now = utcnow()
        page = desk.case_queries.list_cases(desk.actor, filters, now)
        spec_of = desk.case_service.spec_of
        here = desk.request.app.route_reverse("api:cases")
        prev_query, next_query = page_links(filters, page)
        return CasePageOut(
            items=[CaseOut.of(r.case, spec_of(r.case), now) for r in page.rows],
            total=page.total,
            page=page.page,
            pages=page.pages,
            prev=f"{here}?{prev_query}" if prev_query else None,
            next=f"{here}?{next_query}" if next_query else None,
            total_exact=page.exact,
        )

    @post(
        "/",
        sync_to_thread=True,
        name="api:report",
        status_code=HTTP_201_CREATED,
        **documented(writes=True),
        **declared(body=CaseCreate),
    )
    def report(self, desk: NamedDependency[Desk], data: JsonBody = None) -> CaseOut:
        """Register a new case (same fields as the report form; parties as a list)."""
        case = desk.case_service.report(desk.actor, validate(CaseCreate, data))
        return _case_out(desk, case)

    @get("/{case_id:uuid}", sync_to_thread=True, name="api:case", **documented(404))
    def case(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> CaseDetailOut:
        return _detail(desk, case)

    @patch(
        "/{case_id:uuid}",
        sync_to_thread=True,
        name="api:edit_case",
        **documented(404, writes=True),
        **declared(body=CaseEditIn),
    )
    def edit(
        self, desk: NamedDependency[Desk], case_id: FromPath[UUID], data: JsonBody = None
    ) -> CaseDetailOut:
        """Correct the case's title, category or description (the case page's "Ubah data
        perkara"): one event with each change; 409 when the case moved since ``version``."""
        body = validate(CaseEditIn, data)
        return _detail(desk, desk.case_service.edit(case_id, desk.actor, body, body.version))

    @get("/{case_id:uuid}/events", sync_to_thread=True, name="api:events", **documented(404))
    def events(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> list[EventOut]:
        """The case's chained events (officers and supervisors; scope first, so 404 outside)."""
        if desk.actor.role not in (Role.OFFICER, Role.SUPERVISOR):
            raise Forbidden(_("Riwayat hanya untuk petugas dan pengawas."))
        return [EventOut.of(e) for e in events_of(desk.case_service.session, case.id)]

    @post(
        "/{case_id:uuid}/transitions/{trigger:str}",
        sync_to_thread=True,
        name="api:fire",
        status_code=200,
        opt={IN_ONE_TRANSACTION: True},
        **documented(404, writes=True),
        **declared(body=TransitionIn),
    )
    def fire(
        self,
        desk: NamedDependency[Desk],
        case_id: FromPath[UUID],
        trigger: FromPath[str],
        data: JsonBody = None,
    ) -> CaseOut:
        """Take a step; 409 with the reason when the case moved since ``version``."""
        body = validate(TransitionIn, data)
        case = desk.case_service.fire(case_id, trigger, desk.actor, body.fields, body.version)
        return _case_out(desk, case)

    @get("/{case_id:uuid}/steps", sync_to_thread=True, name="api:steps", **documented(404))
    def steps(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> list[StepOut]:
        return _steps(desk, case)


def _detail(desk: Desk, case: Case) -> CaseDetailOut:
    """The case as ``GET /api/cases/{case_id}`` answers it: with its parties and steps."""
    return CaseDetailOut(
        case=_case_out(desk, case),
        parties=[PartyOut.of(p, desk.actor) for p in desk.case_queries.parties(case.id)],
        steps=_steps(desk, case),
    )


def _case_out(desk: Desk, case: Case) -> CaseOut:
    return CaseOut.of(case, desk.case_service.spec_of(case), utcnow())


def _steps(desk: Desk, case: Case) -> list[StepOut]:
    return [StepOut.of(o) for o in desk.case_service.options(case, desk.actor)]
