"""The officer's agreement of a case as responses: the panel, the draft form and the signing
forms, each whole or as its block, after a change or with a refusal beside its fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.plugins.flash import flash
from litestar.plugins.htmx import ClientRefresh
from litestar.response import Redirect

from mediasi.accounts.actor import Actor
from mediasi.agreements.canonical import ALL_PARTIES, format_code
from mediasi.agreements.decisions import OfficerSlot
from mediasi.agreements.documents import reading_text, withheld_text
from mediasi.agreements.forms import MAX_ROWS
from mediasi.agreements.queries import NO_SIGNATORY, AgreementQueries
from mediasi.agreements.schemas import KINDS
from mediasi.agreements.uploads import MAX_UPLOAD_BYTES
from mediasi.cases.models import Case
from mediasi.cases.queries import CaseQueries
from mediasi.cases.services import CaseService
from mediasi.errors import NotFound
from mediasi.i18n import Message, _
from mediasi.web.forms import Failure, first, submit
from mediasi.web.render import go, is_htmx, render
from mediasi.workflow.durations import LOCAL_TZ

PANEL = "agreements/case.html"
EDIT = "agreements/edit.html"
SIGN = "agreements/sign.html"
ROW = "agreements/_obligation_row_fragment.html"


# What the officer reads above the agreement after each action (a catalog msgid, kept in the
# session as Litestar's flash message and shown on the next case page).
DONE_DRAFT = _("Draf kesepakatan disimpan. Periksa naskahnya, lalu bekukan untuk ditandatangani.")
DONE_FROZEN = _("Naskah dibekukan: sekarang dapat ditandatangani.")
DONE_SIGNED = _("Tanda tangan dicatat.")
DONE_MARKED = _("Status kewajiban dicatat.")


def refusal(failure: Failure) -> dict[str, Any]:
    """What every agreement form shows of a refusal besides the fields' own errors."""
    return {"conflict": failure.conflict, "message": failure.message}


def reload(request: Request[Any, Any, Any], url: str) -> Response[Any]:
    """After a change made from the page it changes: htmx reloads that page where it stands
    (the URL may differ only by its fragment, which would not reload); a browser gets a 303."""
    if is_htmx(request):
        refresh = ClientRefresh()
        refresh.status_code = 200  # it leaves the status to the route's, 201 for a POST
        return refresh
    return Redirect(url, status_code=303)


@dataclass
class AgreementPanel:
    """The agreement section of one case, for one request and one person."""

    request: Request[Any, Any, Any]
    case_service: NamedDependency[CaseService]
    case_queries: NamedDependency[CaseQueries]
    agreement_queries: NamedDependency[AgreementQueries]
    actor: NamedDependency[Actor]

    def url(self, case_id: UUID) -> str:
        """The case page, at the notice above its agreement (a section that loads itself)."""
        return self.request.app.route_reverse("cases:detail", case_id=case_id) + "#agreement-notice"

    def changed(self, case_id: UUID, done: Message) -> Response[Any]:
        """After a change from the panel: the case page again, where it stands, saying so."""
        flash(self.request, done.msgid, category="ok")
        return reload(self.request, self.url(case_id))

    def back(self, case_id: UUID, done: Message) -> Response[Any]:
        """After a form of its own page (the draft, a signature): back to the case page, at
        the agreement, saying what was done."""
        flash(self.request, done.msgid, category="ok")
        return go(self.request, self.url(case_id))

    def may_edit(self, case: Case) -> bool:
        """The case stands where its agreement is drafted and signed, and this person writes."""
        may_draft = self.agreement_queries.may_draft(case)
        return may_draft and self.case_service.can_write(case, self.actor)

    # ---- the panel ---------------------------------------------------------------------------

    def context(self, case: Case, **extra: Any) -> dict[str, Any]:
        state = self.agreement_queries.state_of(case)
        context: dict[str, Any] = {
            "case": case,
            "spec": self.case_service.spec_of(case),
            "desa": self.case_queries.area(case.desa_id),
            "agreement": state,
            "text": reading_text(self.actor, state),
            "signing": self.agreement_queries.signing_transition(case),
            "can_write": self.case_service.can_write(case, self.actor),
            "may_draft": self.agreement_queries.may_draft(case),
            "in_force": self.agreement_queries.in_force(case),
            "conflict": None,
            "message": None,
            "mark_errors": {},
            "marking": None,
            "mark_values": {},
            "format_code": format_code,
            "today": self.case_service.clock().astimezone(LOCAL_TZ).date(),
        }
        context.update(extra)
        return context

    def show(self, case_id: UUID, status: int = 200, **extra: Any) -> Response[Any]:
        case = self.case_service.get(case_id, self.actor)
        context = self.context(case, **extra)
        return render(self.request, PANEL, block="agreement", status=status, **context)

    def changes(
        self,
        case_id: UUID,
        action: Callable[[], object],
        done: Message,
        values: dict[str, Any] | None = None,
        marking: UUID | None = None,
    ) -> Response[Any]:
        """A form of the panel (freeze, mark an obligation ``marking``): the case page again
        after the change, or the panel with the reason (beside the obligation's fields)."""

        def failed(failure: Failure) -> Response[Any]:
            if marking is None:
                return self.show(case_id, failure.status, **refusal(failure))
            return self.show(
                case_id,
                failure.status,
                **refusal(failure),
                marking=marking,
                mark_errors=failure.errors,
                mark_values=dict(failure.values),
            )

        return submit(
            action, values=values, success=lambda _: self.changed(case_id, done), failure=failed
        )

    # ---- the draft form ----------------------------------------------------------------------

    def obligors(self, case: Case) -> list[tuple[str, str]]:
        """Who may carry an obligation: each party of the case, or all of them together."""
        return [(f"party:{p.id}", p.name) for p in self.case_queries.parties(case.id)]

    def obligation_row(self, case: Case, index: int) -> Response[Any]:
        return render(
            self.request,
            ROW,
            case=case,
            index=max(0, min(index, MAX_ROWS - 1)),
            row={},
            errors={},
            obligors=self.obligors(case),
            kinds=KINDS,
            max_rows=MAX_ROWS,
        )

    def edit_form(
        self,
        case: Case,
        values: dict[str, Any],
        errors: dict[str, Any] | None = None,
        status: int = 200,
        **extra: Any,
    ) -> Response[Any]:
        self.agreement_queries.require_worker(self.actor)
        return render(
            self.request,
            EDIT,
            block="draft_form",
            status=status,
            case=case,
            agreement=self.agreement_queries.state_of(case),
            may_draft=self.agreement_queries.may_draft(case)
            and self.case_service.can_write(case, self.actor),
            values=values,
            errors=errors or {},
            obligors=self.obligors(case),
            kinds=KINDS,
            max_rows=MAX_ROWS,
            all_parties=ALL_PARTIES,
            conflict=extra.get("conflict"),
            message=extra.get("message"),
            seen_version=extra.get("seen_version"),
        )

    def with_a_row(
        self, case_id: UUID, values: dict[str, Any], form: dict[str, Any]
    ) -> Response[Any]:
        """The draft form posted by "+ add an obligation" (without JavaScript): the same form
        with one more row, carrying the case version the person saw, not the current one."""
        case = self.case_service.get(case_id, self.actor)
        return self.edit_form(case, values, seen_version=first(form.get("version")))

    def draft_values(self, case: Case) -> dict[str, Any]:
        """The draft form filled from the current version, or from the case for a first draft."""
        state = self.agreement_queries.state_of(case)
        if state is None:
            return {
                "place": "",
                "chronology": case.description,
                "restitution": "",
                "obligations": [{}],
            }
        content = state.version.content
        return {
            "place": content.get("place", ""),
            "chronology": content.get("chronology", ""),
            "restitution": content.get("restitution") or "",
            "obligations": [
                {
                    "obligor": o.obligor,
                    "kind": o.kind,
                    "description": o.description,
                    "amount": o.amount or "",
                    "instalments": o.instalments or "",
                    "due_date": o.due_date.isoformat(),
                }
                for o in state.obligations
            ]
            or [{}],
        }

    def drafted(
        self, case_id: UUID, values: dict[str, Any], seen: object, action: Callable[[], object]
    ) -> Response[Any]:
        """The draft form posted: back to the case, or the form again with the reasons and the
        case version the person saw (``seen``), so that a change made meanwhile by someone
        else is still caught at the next save rather than overwritten."""

        def failed(failure: Failure) -> Response[Any]:
            case = self.case_service.get(case_id, self.actor)
            return self.edit_form(
                case, values, failure.errors, failure.status, seen_version=seen, **refusal(failure)
            )

        return submit(
            action, values=values, success=lambda _: self.back(case_id, DONE_DRAFT), failure=failed
        )

    # ---- signing on the officer's device -----------------------------------------------------

    def sign_page(
        self,
        case_id: UUID,
        signatory: str,
        values: dict[str, Any] | None = None,
        errors: dict[str, Any] | None = None,
        status: int = 200,
        **extra: Any,
    ) -> Response[Any]:
        case = self.case_service.get(case_id, self.actor)
        self.agreement_queries.require_worker(self.actor)
        state = self.agreement_queries.state_of(case)
        person = state.signatory(signatory) if state else None
        if state is None or person is None:
            raise NotFound(NO_SIGNATORY)
        return render(
            self.request,
            SIGN,
            block="sign_forms",
            status=status,
            case=case,
            agreement=state,
            text=withheld_text(state),
            person=person,
            values=values or {},
            errors=errors or {},
            max_upload_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
            may_draft=self.agreement_queries.may_draft(case)
            and self.case_service.can_write(case, self.actor),
            conflict=extra.get("conflict"),
            message=extra.get("message"),
        )

    def signed(
        self, slot: OfficerSlot, values: dict[str, Any], action: Callable[[], object]
    ) -> Response[Any]:
        """A signature recorded on this device: back to the case, or its form with the reasons."""
        case_id, signatory = slot.case_id, slot.signatory

        def failed(failure: Failure) -> Response[Any]:
            errors = failure.errors
            status = failure.status
            return self.sign_page(case_id, signatory, values, errors, status, **refusal(failure))

        return submit(
            action, values=values, success=lambda _: self.back(case_id, DONE_SIGNED), failure=failed
        )
