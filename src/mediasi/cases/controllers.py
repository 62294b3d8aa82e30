"""Case pages: list, report, the case page and every form on it. Thin: services do the work."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, URLEncodedBody

from mediasi.cases.forms import expected_version, report_input, without_csrf
from mediasi.cases.pages import case_page
from mediasi.cases.queries import CaseFilters, CaseQueries
from mediasi.cases.schemas import CaseCreate, PartyInput, TokohInvite
from mediasi.cases.services import CaseService
from mediasi.db.base import utcnow
from mediasi.errors import Conflict, FieldErrors, Forbidden, MediasiError, NotFound, StaleVersion
from mediasi.i18n import Translatable, _
from mediasi.validation import validate
from mediasi.web.auth import actor_of
from mediasi.web.render import go, is_htmx, render
from mediasi.workflow.errors import UnknownTrigger

Form = URLEncodedBody[dict[str, Any]]
DETAIL = "cases/detail.html"
BODY = "#case-body"


def _queries(case_service: CaseService) -> CaseQueries:
    return CaseQueries(case_service.session)


class CaseController(Controller):
    path = "/cases"

    @get("/", sync_to_thread=True, name="cases:list")
    def list_cases(
        self, request: Request[Any, Any, Any], case_service: NamedDependency[CaseService]
    ) -> Any:
        actor = actor_of(request)
        filters = validate(CaseFilters, dict(request.query_params))
        queries = _queries(case_service)
        page = queries.list_cases(actor, filters, utcnow())
        return render(
            request,
            "cases/list.html",
            block="results",
            page=page,
            filters=filters,
            desa_options=queries.desa_options(actor) if actor.role != "tokoh" else [],
            workflows=case_service.engine.registry.all(),
            specs={(s.name, s.version): s for s in case_service.engine.registry.all()},
        )

    @get("/new", sync_to_thread=True, name="cases:new")
    def new_case(
        self, request: Request[Any, Any, Any], case_service: NamedDependency[CaseService]
    ) -> Any:
        return self._report_form(request, case_service, {}, {}, 200)

    @get("/new/party-row", sync_to_thread=False, name="cases:party_row")
    def party_row(self, request: Request[Any, Any, Any], index: FromQuery[int] = 0) -> Any:
        if actor_of(request).role not in ("officer", "supervisor"):
            raise_forbidden()
        return render(
            request,
            "cases/_party_row_fragment.html",
            index=max(0, min(index, 19)),
            row={},
            errors={},
        )

    def _report_form(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        values: dict[str, Any],
        errors: dict[str, Any],
        status: int,
    ) -> Any:
        actor = actor_of(request)
        if actor.role not in ("officer", "supervisor"):
            raise_forbidden()
        return render(
            request,
            "cases/new.html",
            block="report_form",
            status=status,
            values=values,
            errors=errors,
            desa_options=_queries(case_service).desa_options(actor),
            workflows=case_service.engine.registry.all(),
            latest={
                name: case_service.engine.registry.latest(name)
                for name in case_service.engine.registry.names()
            },
        )

    @post("/", sync_to_thread=True, name="cases:create")
    def create_case(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        values = report_input(data)
        try:
            case = case_service.report(actor, validate(CaseCreate, values))
        except FieldErrors as exc:
            case_service.session.rollback()
            return self._report_form(request, case_service, values, exc.errors, 422)
        return go(request, f"/cases/{case.id}")

    @get("/{case_id:uuid}", sync_to_thread=True, name="cases:detail")
    def detail(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
    ) -> Any:
        actor = actor_of(request)
        case = case_service.get(case_id, actor)
        return render(
            request, DETAIL, **case_page(case_service, _queries(case_service), case, actor)
        )

    # ---- transitions ---------------------------------------------------------------------

    @get("/{case_id:uuid}/steps/{trigger:str}", sync_to_thread=True, name="cases:step_form")
    def step_form(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        trigger: FromPath[str],
    ) -> Any:
        actor = actor_of(request)
        case = case_service.get(case_id, actor)
        case_service.require_writer(case, actor)
        option = next(
            (o for o in case_service.options(case, actor) if o.transition.trigger == trigger), None
        )
        if option is None:
            raise Conflict(*_unavailable(trigger))
        context = case_page(case_service, _queries(case_service), case, actor, open_step=option)
        return render(request, DETAIL, block="step_form", **context)

    @post("/{case_id:uuid}/steps/{trigger:str}", sync_to_thread=True, name="cases:fire")
    def fire(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        trigger: FromPath[str],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        values = without_csrf(data)
        try:
            case_service.fire(case_id, trigger, actor, values, expected_version(data))
        except (FieldErrors, StaleVersion, MediasiError) as exc:
            if exc.status_code in (403, 404):
                raise
            case_service.session.rollback()
            case = case_service.get(case_id, actor)
            option = next(
                (o for o in case_service.options(case, actor) if o.transition.trigger == trigger),
                None,
            )
            errors = exc.errors if isinstance(exc, FieldErrors) else {}
            context = case_page(
                case_service,
                _queries(case_service),
                case,
                actor,
                open_step=option,
                step_errors=errors,
                step_values=values,
                step_message=None if errors else exc,
                conflict=exc if isinstance(exc, StaleVersion) else None,
            )
            return render(request, DETAIL, block="step_form", status=exc.status_code, **context)
        return go(request, f"/cases/{case_id}")

    # ---- parties ---------------------------------------------------------------------------

    @post("/{case_id:uuid}/parties", sync_to_thread=True, name="cases:add_party")
    def add_party(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        values = without_csrf(data)
        try:
            case_service.add_party(
                case_id, actor, validate(PartyInput, values), expected_version(data)
            )
        except (FieldErrors, StaleVersion) as exc:
            return form_failed(
                request,
                case_service,
                case_id,
                exc,
                "parties",
                party_errors=getattr(exc, "errors", {}),
                party_values=values,
            )
        return refreshed(request, case_service, case_id)

    @get(
        "/{case_id:uuid}/parties/{party_id:uuid}/edit", sync_to_thread=True, name="cases:edit_party"
    )
    def edit_party(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        party_id: FromPath[UUID],
    ) -> Any:
        actor = actor_of(request)
        case = case_service.get(case_id, actor)
        case_service.require_writer(case, actor)
        context = case_page(
            case_service, _queries(case_service), case, actor, editing_party=party_id
        )
        party = next((p for p in context["parties"] if p.id == party_id), None)
        if party is None:
            raise NotFound(_("Pihak tidak ditemukan."))
        values = {k: getattr(party, k) or "" for k in ("role", "name", "nik", "phone", "address")}
        return render(
            request,
            DETAIL,
            block="parties",
            party_values=values,
            **{k: v for k, v in context.items() if k != "party_values"},
        )

    @post("/{case_id:uuid}/parties/{party_id:uuid}", sync_to_thread=True, name="cases:update_party")
    def update_party(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        party_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        values = without_csrf(data)
        try:
            case_service.update_party(
                case_id, party_id, actor, validate(PartyInput, values), expected_version(data)
            )
        except (FieldErrors, StaleVersion) as exc:
            return form_failed(
                request,
                case_service,
                case_id,
                exc,
                "parties",
                editing_party=party_id,
                party_errors=getattr(exc, "errors", {}),
                party_values=values,
            )
        return refreshed(request, case_service, case_id)

    @post(
        "/{case_id:uuid}/parties/{party_id:uuid}/delete",
        sync_to_thread=True,
        name="cases:remove_party",
    )
    def remove_party(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        party_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        try:
            case_service.remove_party(case_id, party_id, actor, expected_version(data))
        except (FieldErrors, StaleVersion) as exc:
            return form_failed(request, case_service, case_id, exc, "parties")
        return refreshed(request, case_service, case_id)

    # ---- tokoh -----------------------------------------------------------------------------

    @post("/{case_id:uuid}/tokoh", sync_to_thread=True, name="cases:invite_tokoh")
    def invite_tokoh(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        try:
            case_service.invite_tokoh(
                case_id, actor, validate(TokohInvite, without_csrf(data)), expected_version(data)
            )
        except (FieldErrors, StaleVersion) as exc:
            return form_failed(
                request,
                case_service,
                case_id,
                exc,
                "tokoh",
                tokoh_errors=getattr(exc, "errors", {}),
            )
        return refreshed(request, case_service, case_id)

    @post(
        "/{case_id:uuid}/tokoh/{tokoh_id:uuid}/delete",
        sync_to_thread=True,
        name="cases:remove_tokoh",
    )
    def remove_tokoh(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        tokoh_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        try:
            case_service.remove_tokoh(case_id, tokoh_id, actor, expected_version(data))
        except (FieldErrors, StaleVersion) as exc:
            return form_failed(request, case_service, case_id, exc, "tokoh")
        return refreshed(request, case_service, case_id)


def _unavailable(trigger: str) -> list[Translatable]:
    return UnknownTrigger(trigger, "?").messages


def raise_forbidden() -> None:
    raise Forbidden(_("Anda tidak berwenang membuka halaman ini."))


def refreshed(
    request: Request[Any, Any, Any],
    case_service: CaseService,
    case_id: UUID,
) -> Any:
    """After a change, the whole case body again (every form on it carries the new version)."""
    if not is_htmx(request):
        return go(request, f"/cases/{case_id}")
    actor = actor_of(request)
    case = case_service.get(case_id, actor)
    context = case_page(case_service, _queries(case_service), case, actor)
    return render(
        request, DETAIL, block="case_body", re_target=BODY, re_swap="outerHTML", **context
    )


def form_failed(
    request: Request[Any, Any, Any],
    case_service: CaseService,
    case_id: UUID,
    exc: MediasiError,
    block: str,
    **extra: Any,
) -> Any:
    case_service.session.rollback()
    actor = actor_of(request)
    case = case_service.get(case_id, actor)
    conflict = exc if isinstance(exc, StaleVersion) else None
    errors = exc.errors if isinstance(exc, FieldErrors) else {}
    # A failure that no field of the form shows (a bad version …) is said at the section's top.
    unplaced = not errors or "version" in errors
    context = case_page(
        case_service,
        _queries(case_service),
        case,
        actor,
        conflict=conflict,
        form_message=exc if unplaced and not conflict else None,
        form_block=block,
        **extra,
    )
    if conflict is not None:
        return render(
            request,
            DETAIL,
            block="case_body",
            status=409,
            re_target=BODY,
            re_swap="outerHTML",
            **context,
        )
    return render(request, DETAIL, block=block, status=exc.status_code, **context)
