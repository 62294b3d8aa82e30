"""The case page as responses: whole, one block of it, after a change, or a form refused.

Every form on the case page carries the case version, so after a change the whole case body
is rendered again; a refused form shows its own block again with the errors beside its fields
(a stale version shows the whole body, with the reload notice).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.di import NamedDependency

from mediasi.accounts.actor import Actor
from mediasi.cases.models import Case
from mediasi.cases.pages import case_page
from mediasi.cases.queries import CaseQueries
from mediasi.cases.services import CaseService
from mediasi.web.forms import Failure, submit
from mediasi.web.render import go, is_htmx, render
from mediasi.workflow.engine import TriggerOption

DETAIL = "cases/detail.html"
BODY = "#case-body"


@dataclass(frozen=True)
class CaseForm:
    """A form of the case page: the block it lives in and where its errors and values go."""

    block: str
    errors_key: str | None = None
    values_key: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class CasePage:
    """The case page for one request and one person."""

    request: Request[Any, Any, Any]
    cases: CaseService
    queries: CaseQueries
    actor: Actor

    def context(self, case: Case, **extra: Any) -> dict[str, Any]:
        return case_page(self.cases, self.queries, case, self.actor, **extra)

    def show(self, case_id: UUID, block: str | None = None, **extra: Any) -> Response[Any]:
        case = self.cases.get(case_id, self.actor)
        return render(self.request, DETAIL, block=block, **self.context(case, **extra))

    def url(self, case_id: UUID) -> str:
        return self.request.app.route_reverse("cases:detail", case_id=case_id)

    def open_step(self, case: Case, trigger: str) -> TriggerOption | None:
        """The step as this person may take it now, if at all."""
        options = self.cases.options(case, self.actor)
        return next((o for o in options if o.transition.trigger == trigger), None)

    def refreshed(self, case_id: UUID) -> Response[Any]:
        """After a change: the whole case body again (every form gets the new version)."""
        if not is_htmx(self.request):
            return go(self.request, self.url(case_id))
        case = self.cases.get(case_id, self.actor)
        return render(
            self.request,
            DETAIL,
            block="case_body",
            re_target=BODY,
            re_swap="outerHTML",
            **self.context(case),
        )

    def change(
        self,
        case_id: UUID,
        action: Callable[[], object],
        form: CaseForm,
        values: Mapping[str, Any] | None = None,
    ) -> Response[Any]:
        """One form's service call: the refreshed case body, or ``form`` with its refusal."""
        return submit(
            action,
            values=values,
            success=lambda _: self.refreshed(case_id),
            failure=self.form_failed(case_id, form),
        )

    def form_failed(self, case_id: UUID, form: CaseForm) -> Callable[[Failure], Response[Any]]:
        """How ``form`` shows a refusal: its block again, or the whole body on a conflict."""

        def failed(failure: Failure) -> Response[Any]:
            case = self.cases.get(case_id, self.actor)
            extra = dict(form.extra)
            if form.errors_key:
                extra[form.errors_key] = failure.errors
            if form.values_key:
                extra[form.values_key] = dict(failure.values)
            context = self.context(
                case,
                conflict=failure.conflict,
                form_message=failure.message,
                form_block=form.block,
                **extra,
            )
            if failure.conflict is not None:
                return render(
                    self.request,
                    DETAIL,
                    block="case_body",
                    status=409,
                    re_target=BODY,
                    re_swap="outerHTML",
                    **context,
                )
            return render(self.request, DETAIL, block=form.block, status=failure.status, **context)

        return failed

    def step_failed(self, case_id: UUID, trigger: str) -> Callable[[Failure], Response[Any]]:
        """A refused step shows its form again, with the reason beside the fields or on top."""

        def failed(failure: Failure) -> Response[Any]:
            case = self.cases.get(case_id, self.actor)
            context = self.context(
                case,
                open_step=self.open_step(case, trigger),
                step_errors=failure.errors,
                step_values=dict(failure.values),
                step_message=None if failure.errors else failure.error,
                conflict=failure.conflict,
            )
            return render(self.request, DETAIL, block="step_form", status=failure.status, **context)

        return failed


def provide_case_page(
    request: Request[Any, Any, Any],
    case_service: NamedDependency[CaseService],
    case_queries: NamedDependency[CaseQueries],
    actor: NamedDependency[Actor],
) -> CasePage:
    return CasePage(request, case_service, case_queries, actor)
