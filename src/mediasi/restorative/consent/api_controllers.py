"""``/api/cases/{case_id}/consent``: the victim's consent as the case page shows and records it
(``consent:in_person``, ``consent:on_paper``, ``consent:scan``), through the same service: a
case out of reach is 404, a tokoh's write 403, a stale ``version`` or a statement changed
since it was read 409, a wrong field 422 naming it.

Withdrawing a consent is the workflow's step, as on the page ('Korban menarik persetujuan'):
``POST /api/cases/{id}/transitions/withdraw_consent`` with ``reason``; the consent then shows
under ``withdrawn`` here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.status_codes import HTTP_201_CREATED

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.agreements.controllers.dependencies import CLIENT, Client, PathId
from mediasi.agreements.documents import PDF
from mediasi.agreements.uploads import FIELD, ROUTE_BODY_LIMIT
from mediasi.cases.desk import Desk
from mediasi.restorative.consent.api_schemas import (
    ConsentStateOut,
    GivenOut,
    InPersonIn,
    PaperIn,
    state_out,
)
from mediasi.restorative.consent.controllers import (
    consent_scan,
    provide_consent_service,
    scan_response,
)
from mediasi.restorative.consent.services import ConsentService
from mediasi.uploads import IMAGES
from mediasi.validation import validate
from mediasi.web.boundary import FILE
from mediasi.web.forms import flat
from mediasi.web.openapi import documented, file_answer
from mediasi.web.openapi_input import FileBody, JsonBody, declared

Consents = NamedDependency[ConsentService]
SCAN = "The photo or scan of the signed statement: JPEG, PNG or PDF, at most 5 MB."
SCAN_READERS = (Role.OFFICER, Role.SUPERVISOR)
WRITE = {"sync_to_thread": True, "status_code": HTTP_201_CREATED, **documented(404, writes=True)}


def scan_url(
    request: Request[Any, Any, Any], actor: Actor, case_id: UUID
) -> Callable[[UUID], str | None]:
    """The download of a consent's scan, for those who may open it (None for anyone else)."""

    def url(consent_id: UUID) -> str | None:
        if actor.role not in SCAN_READERS:
            return None
        return request.app.route_reverse("api:consent_scan", case_id=case_id, consent_id=consent_id)

    return url


class ConsentApiController(Controller):
    path = "/api/cases/{case_id:uuid}/consent"
    tags = ("cases",)
    opt = {"feature": "cases"}
    dependencies = {
        **CLIENT,
        "consents": Provide(provide_consent_service, sync_to_thread=False),
    }

    @get("/", sync_to_thread=True, name="api:consent", **documented(404))
    def state(
        self, desk: NamedDependency[Desk], consents: Consents, case_id: PathId
    ) -> ConsentStateOut:
        """Each victim of the case with the consent that stands, or the statement to sign and
        its SHA-256; the consents withdrawn, with the reason."""
        case, view = consents.state(case_id, desk.actor)
        url = scan_url(desk.request, desk.actor, case_id)
        rows = [] if view is None else [*view.withdrawn, *(r.consent for r in view.victims)]
        scans = {c.id: url(c.id) for c in rows if c is not None and c.scan_sha256}
        writer = desk.case_service.can_write(case, desk.actor)
        return state_out(case.version, view, scans, writer=writer)

    @post("/", name="api:consent_in_person", **WRITE, **declared(body=InPersonIn))
    def in_person(
        self,
        desk: NamedDependency[Desk],
        consents: Consents,
        client: Client,
        case_id: PathId,
        data: JsonBody = None,
    ) -> GivenOut:
        """The victim signs the statement on the officer's device, typing their own name."""
        body = validate(InPersonIn, data)
        given = consents.give_in_person(case_id, desk.actor, body, client, body.version)
        return GivenOut.of(given, None)

    @post(
        "/paper",
        name="api:consent_on_paper",
        request_max_body_size=ROUTE_BODY_LIMIT,
        opt={"body": FILE},
        **WRITE,
        **declared(body=PaperIn, files={FIELD: SCAN}),
    )
    def on_paper(
        self,
        desk: NamedDependency[Desk],
        consents: Consents,
        client: Client,
        case_id: PathId,
        data: FileBody,
    ) -> GivenOut:
        """The victim signed the printed statement: its photo or scan (multipart, part
        ``scan``), and ``confirm`` that it is the victim's signed sheet."""
        fields = {key[:40]: value for key, value in flat(data).items() if key != FIELD}
        body = validate(PaperIn, fields)
        given = consents.give_on_paper(
            case_id, desk.actor, body, consent_scan(data), client, body.version
        )
        return GivenOut.of(given, scan_url(desk.request, desk.actor, case_id)(given.consent.id))

    @get(
        "/{consent_id:uuid}/scan",
        sync_to_thread=True,
        name="api:consent_scan",
        **documented(404),
        **file_answer(*IMAGES, PDF, description="The scan, as it was uploaded."),
    )
    def scan(
        self, desk: NamedDependency[Desk], consents: Consents, case_id: PathId, consent_id: PathId
    ) -> Response[bytes]:
        """The scan of a paper consent (officers and supervisors), with its SHA-256."""
        return scan_response(consents, case_id, consent_id, desk.actor)
