"""Case pages: list, report, the case page and every form on it. Thin: services do the work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, URLEncodedBody

from mediasi.accounts.actor import Actor
from mediasi.accounts.guards import CASE_WORKERS
from mediasi.accounts.roles import Role
from mediasi.cases.desk import Desk
from mediasi.cases.forms import (
    PARTY_ROWS,
    expected_version,
    report_data,
    report_input,
    without_csrf,
)
from mediasi.cases.list_filters import list_filters, page_links
from mediasi.cases.responses import DETAIL, CaseForm, CasePage, provide_case_page
from mediasi.cases.schemas import CaseEdit, PartyInput, TokohInvite
from mediasi.db.base import utcnow
from mediasi.errors import Conflict, NotFound
from mediasi.i18n import _
from mediasi.phones import national
from mediasi.validation import validate
from mediasi.web.forms import Failure, submit
from mediasi.web.render import go, render
from mediasi.web.transactions import IN_ONE_TRANSACTION
from mediasi.workflow.errors import UnknownTrigger

Form = URLEncodedBody[dict[str, Any]]
Page = NamedDependency[CasePage]
PathId = FromPath[UUID]

PARTIES = "parties"
TOKOH = "tokoh"
FACTS = "case_facts"


class CaseController(Controller):
    path = "/cases"
    dependencies = {"page": Provide(provide_case_page, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="cases:list")
    def list_cases(self, desk: NamedDependency[Desk]) -> Any:
        filters, refused = list_filters(desk.request.query_params)
        registry = desk.case_service.engine.registry
        actor = desk.actor
        desa = desk.case_queries.desa_options(actor) if actor.role != Role.TOKOH else []
        page = desk.case_queries.list_cases(actor, filters, utcnow())
        return render(
            desk.request,
            "cases/list.html",
            block="results",
            status=422 if refused else 200,
            refused=refused,
            page=page,
            links=page_links(filters, page),
            filters=filters,
            desa_options=desa,
            officer_options=desk.case_queries.officer_options(desa),
            workflows=registry.all(),
            specs={(s.name, s.version): s for s in registry.all()},
        )

    @get("/new", sync_to_thread=True, name="cases:new", guards=[CASE_WORKERS])
    def new_case(self, desk: NamedDependency[Desk]) -> Any:
        return _report_form(desk, {}, {}, 200)

    @get("/new/party-row", sync_to_thread=False, name="cases:party_row", guards=[CASE_WORKERS])
    def party_row(self, request: Request[Any, Any, Any], index: FromQuery[int] = 0) -> Any:
        return render(
            request,
            "cases/_party_row_fragment.html",
            index=max(0, min(index, PARTY_ROWS.limit - 1)),
            row={},
            errors={},
            max_rows=PARTY_ROWS.limit,
        )

    @post("/", sync_to_thread=True, name="cases:create", guards=[CASE_WORKERS])
    def create_case(self, desk: NamedDependency[Desk], data: Form) -> Any:
        values = report_input(data)
        if PARTY_ROWS.asks_for_a_row(data):
            return _report_form(desk, PARTY_ROWS.with_a_new_row(values), {}, 200)
        values = PARTY_ROWS.filled_only(values)

        def failed(failure: Failure) -> Response[Any]:
            return _report_form(desk, values, failure.errors, 422)

        return submit(
            lambda: desk.case_service.report(
                desk.actor, report_data(values, desk.case_service.engine.registry)
            ),
            values=values,
            success=lambda case: go(desk.request, _case_url(desk.request, case.id)),
            failure=failed,
        )

    @get("/{case_id:uuid}", sync_to_thread=True, name="cases:detail")
    def detail(self, page: Page, case_id: FromPath[UUID]) -> Any:
        return page.show(case_id)

    # ---- the case's own fields ----------------------------------------------------------

    @get("/{case_id:uuid}/edit", sync_to_thread=True, name="cases:edit_case")
    def edit_case(self, page: Page, case_id: PathId) -> Any:
        """The case's details with the form for its title, category and description."""
        case = page.cases.get(case_id, page.actor)
        page.cases.require_writer(case, page.actor)
        values = {"title": case.title, "category": case.category, "description": case.description}
        context = page.context(case, editing_case=True, case_values=values)
        return render(page.request, DETAIL, block=FACTS, **context)

    @post("/{case_id:uuid}", sync_to_thread=True, name="cases:update_case")
    def update_case(self, page: Page, case_id: PathId, data: Form) -> Any:
        values = without_csrf(data)
        return page.change(
            case_id,
            lambda: page.cases.edit(
                case_id, page.actor, validate(CaseEdit, values), expected_version(data)
            ),
            CaseForm(FACTS, "case_errors", "case_values", {"editing_case": True}),
            values,
        )

    # ---- transitions ---------------------------------------------------------------------

    @get("/{case_id:uuid}/steps/{trigger:str}", sync_to_thread=True, name="cases:step_form")
    def step_form(self, page: Page, case_id: FromPath[UUID], trigger: FromPath[str]) -> Any:
        case = page.cases.get(case_id, page.actor)
        page.cases.require_writer(case, page.actor)
        option = page.open_step(case, trigger)
        if option is None:
            raise Conflict(*UnknownTrigger(trigger, "?").messages)
        return render(
            page.request, DETAIL, block="step_form", **page.context(case, open_step=option)
        )

    @post(
        "/{case_id:uuid}/steps/{trigger:str}",
        sync_to_thread=True,
        name="cases:fire",
        opt={IN_ONE_TRANSACTION: True},
    )
    def fire(self, page: Page, case_id: FromPath[UUID], trigger: FromPath[str], data: Form) -> Any:
        values = without_csrf(data)
        return submit(
            lambda: page.cases.fire(case_id, trigger, page.actor, values, expected_version(data)),
            values=values,
            success=lambda _: go(page.request, page.url(case_id)),
            failure=page.step_failed(case_id, trigger),
        )


class CaseMembersController(Controller):
    """The parties and the invited tokoh of one case, each form a block of the case page."""

    path = "/cases/{case_id:uuid}"
    dependencies = {"page": Provide(provide_case_page, sync_to_thread=False)}

    # ---- parties ---------------------------------------------------------------------------

    @post("/parties", sync_to_thread=True, name="cases:add_party")
    def add_party(self, page: Page, case_id: PathId, data: Form) -> Any:
        values = without_csrf(data)
        return page.change(
            case_id,
            lambda: page.cases.add_party(
                case_id, page.actor, validate(PartyInput, values), expected_version(data)
            ),
            CaseForm(PARTIES, "party_errors", "party_values"),
            values,
        )

    @get("/parties/{party_id:uuid}/edit", sync_to_thread=True, name="cases:edit_party")
    def edit_party(self, page: Page, case_id: PathId, party_id: PathId) -> Any:
        case = page.cases.get(case_id, page.actor)
        page.cases.require_writer(case, page.actor)
        context = page.context(case, editing_party=party_id)
        party = next((p for p in context["parties"] if p.id == party_id), None)
        if party is None:
            raise NotFound(_("Pihak tidak ditemukan."))
        context["party_values"] = {
            k: getattr(party, k) or "" for k in ("role", "name", "nik", "address")
        } | {"phone": national(party.phone) if party.phone else ""}
        return render(page.request, DETAIL, block=PARTIES, **context)

    @post("/parties/{party_id:uuid}", sync_to_thread=True, name="cases:update_party")
    def update_party(self, page: Page, case_id: PathId, party_id: PathId, data: Form) -> Any:
        values = without_csrf(data)
        form = CaseForm(PARTIES, "party_errors", "party_values", {"editing_party": party_id})
        return page.change(
            case_id,
            lambda: page.cases.update_party(
                case_id, party_id, page.actor, validate(PartyInput, values), expected_version(data)
            ),
            form,
            values,
        )

    @post("/parties/{party_id:uuid}/delete", sync_to_thread=True, name="cases:remove_party")
    def remove_party(self, page: Page, case_id: PathId, party_id: PathId, data: Form) -> Any:
        return _removed(page, case_id, data, page.cases.remove_party, party_id, PARTIES)

    # ---- tokoh -----------------------------------------------------------------------------

    @post("/tokoh", sync_to_thread=True, name="cases:invite_tokoh")
    def invite_tokoh(self, page: Page, case_id: PathId, data: Form) -> Any:
        return page.change(
            case_id,
            lambda: page.cases.invite_tokoh(
                case_id,
                page.actor,
                validate(TokohInvite, without_csrf(data)),
                expected_version(data),
            ),
            CaseForm(TOKOH, "tokoh_errors"),
        )

    @post("/tokoh/{tokoh_id:uuid}/delete", sync_to_thread=True, name="cases:remove_tokoh")
    def remove_tokoh(self, page: Page, case_id: PathId, tokoh_id: PathId, data: Form) -> Any:
        return _removed(page, case_id, data, page.cases.remove_tokoh, tokoh_id, TOKOH)


def _removed(
    page: CasePage,
    case_id: UUID,
    data: dict[str, Any],
    remove: Callable[[UUID, UUID, Actor, int], object],
    member_id: UUID,
    block: str,
) -> Response[Any]:
    """A party or a tokoh taken off the case; a refusal shows in that block."""
    return page.change(
        case_id,
        lambda: remove(case_id, member_id, page.actor, expected_version(data)),
        CaseForm(block),
    )


def _report_form(
    desk: Desk, values: dict[str, Any], errors: dict[str, Any], status: int
) -> Response[Any]:
    registry = desk.case_service.engine.registry
    return render(
        desk.request,
        "cases/new.html",
        block="report_form",
        status=status,
        values=values,
        errors=errors,
        desa_options=desk.case_queries.desa_options(desk.actor),
        workflows=registry.all(),
        latest={name: registry.latest(name) for name in registry.names()},
        max_rows=PARTY_ROWS.limit,
    )


def _case_url(request: Request[Any, Any, Any], case_id: UUID) -> str:
    return request.app.route_reverse("cases:detail", case_id=case_id)
