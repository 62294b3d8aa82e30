"""A tokoh's side: the agreements awaiting them, reading one and signing or declining it.

The agreement is found through its case, so a tokoh who is not invited is told it does not
exist (404) before anything else; an invited tokoh who is not among the signatories is refused
the signing itself (403) by the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide

from mediasi.accounts.actor import Actor
from mediasi.agreements.canonical import format_code
from mediasi.agreements.controllers.dependencies import (
    CLIENT,
    QUERIES,
    SIGNING,
    Client,
    Form,
    PathId,
    Signing,
    posted,
)
from mediasi.agreements.controllers.panel import refusal, reload
from mediasi.agreements.documents import reading_text, redacts_for
from mediasi.agreements.forms import fields_of
from mediasi.agreements.queries import AgreementQueries
from mediasi.agreements.schemas import Decline
from mediasi.cases.queries import CaseQueries
from mediasi.validation import validate
from mediasi.web.forms import Failure, submit
from mediasi.web.render import render

SIGNER = "agreements/signer.html"
AWAITING = "agreements/awaiting.html"


@dataclass
class SignerPage:
    """A tokoh's page of one agreement, for one request and one person."""

    request: Request[Any, Any, Any]
    actor: NamedDependency[Actor]
    agreement_queries: NamedDependency[AgreementQueries]
    case_queries: NamedDependency[CaseQueries]

    def show(self, agreement_id: UUID, status: int = 200, **extra: Any) -> Response[Any]:
        """The text they may read and their own decision."""
        case, state = self.agreement_queries.for_signer(agreement_id, self.actor)
        context: dict[str, Any] = {
            "case": case,
            "agreement": state,
            "text": reading_text(self.actor, state),
            "redacted": redacts_for(self.actor),
            "desa": self.case_queries.area(case.desa_id),
            "mine": self.agreement_queries.own_signatory(state, self.actor),
            "may_sign": self.agreement_queries.may_draft(case),
            "errors": {},
            "values": {},
            "conflict": None,
            "message": None,
            "declining": False,
            "format_code": format_code,
        }
        context.update(extra)
        return render(self.request, SIGNER, block="signer_actions", status=status, **context)

    def decided(self, agreement_id: UUID) -> Response[Any]:
        url = self.request.app.route_reverse("agreements:signer", agreement_id=agreement_id)
        return reload(self.request, url + "#signer-actions")

    def decides(
        self, agreement_id: UUID, action: Callable[[], object], values: dict[str, Any] | None = None
    ) -> Response[Any]:
        """A decision posted: the page again where it stands, or with the reason beside the
        field or on top."""

        def failed(failure: Failure) -> Response[Any]:
            errors, status = failure.errors, failure.status
            declining = bool(failure.values)
            return self.show(
                agreement_id,
                status,
                errors=errors,
                values=values or {},
                declining=declining,
                **refusal(failure),
            )

        return submit(
            action, values=values, success=lambda _: self.decided(agreement_id), failure=failed
        )


Page = NamedDependency[SignerPage]


class SignerController(Controller):
    """A tokoh's side: the agreements awaiting them, reading and signing or declining."""

    path = "/agreements"
    dependencies = {
        **QUERIES,
        **SIGNING,
        **CLIENT,
        "page": Provide(SignerPage, sync_to_thread=False),
    }

    @get("/", sync_to_thread=True, name="agreements:awaiting")
    def awaiting(self, page: Page) -> Any:
        return render(
            page.request,
            AWAITING,
            block="awaiting",
            rows=[
                {"case": case, "version": version, "desa": page.case_queries.area(case.desa_id)}
                for case, version in page.agreement_queries.awaiting(page.actor)
            ],
        )

    @get("/{agreement_id:uuid}", sync_to_thread=True, name="agreements:signer")
    def signer(self, page: Page, agreement_id: PathId) -> Any:
        return page.show(agreement_id)

    @post("/{agreement_id:uuid}/viewed", sync_to_thread=True, name="agreements:viewed")
    def viewed(self, page: Page, signing: Signing, client: Client, agreement_id: PathId) -> Any:
        """Recorded when the page with the whole text has loaded in the tokoh's browser. If
        someone wrote to the case meanwhile nothing is recorded: signing records it."""
        return submit(
            lambda: signing.record_view(agreement_id, page.actor, client),
            success=lambda _: page.show(agreement_id),
            failure=lambda _: page.show(agreement_id),
        )

    @post("/{agreement_id:uuid}/sign", sync_to_thread=True, name="agreements:tokoh_sign")
    def sign(
        self, page: Page, signing: Signing, client: Client, agreement_id: PathId, data: Form
    ) -> Any:
        return page.decides(
            agreement_id,
            lambda: signing.sign_as_tokoh(agreement_id, page.actor, posted(data, client)),
        )

    @post("/{agreement_id:uuid}/decline", sync_to_thread=True, name="agreements:tokoh_decline")
    def decline(
        self, page: Page, signing: Signing, client: Client, agreement_id: PathId, data: Form
    ) -> Any:
        values = fields_of(data)
        return page.decides(
            agreement_id,
            lambda: signing.decline_as_tokoh(
                agreement_id, page.actor, validate(Decline, values), posted(data, client)
            ),
            values,
        )
