"""The victim's consent, from the case page: signed on the officer's device or on paper;
the scan of a paper one for the case's officers and supervisors.

Each form makes one service call through the case page's form shape; a refusal shows the
consent block again with the errors beside the fields of that victim's form. The scope is
checked before the role (a case out of reach is a 404, a tokoh's post a 403), by the service.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide

from mediasi.accounts.actor import Actor
from mediasi.agreements.controllers.dependencies import CLIENT, Client, Form, Multipart, PathId
from mediasi.agreements.uploads import FIELD, MAX_UPLOAD_BYTES, ROUTE_BODY_LIMIT
from mediasi.cases.forms import expected_version, without_csrf
from mediasi.cases.responses import CaseForm, CasePage, provide_case_page
from mediasi.cases.services import CaseService
from mediasi.restorative.consent.schemas import InPersonConsent, PaperConsent
from mediasi.restorative.consent.services import ConsentService
from mediasi.uploads import UploadedFile, posted_files
from mediasi.validation import validate
from mediasi.web.downloads import inline
from mediasi.web.forms import first

Page = NamedDependency[CasePage]
Consents = NamedDependency[ConsentService]


def provide_consent_service(case_service: NamedDependency[CaseService]) -> ConsentService:
    return ConsentService(case_service)


def consent_scan(data: dict[str, Any]) -> UploadedFile:
    """The photo or scan of the signed statement as posted (read up to one byte past the limit)."""
    files = posted_files(data, FIELD, MAX_UPLOAD_BYTES)
    return files[0] if files else UploadedFile(None, None)


def scan_response(
    consents: ConsentService, case_id: UUID, consent_id: UUID, actor: Actor
) -> Response[bytes]:
    """The scan of a paper consent, for the page and the API alike, with its SHA-256."""
    file = consents.scan(case_id, consent_id, actor)
    return inline(file.data, file.media_type, file.filename, **{"X-Content-SHA256": file.sha256})


def _form(values: dict[str, Any], method: str) -> CaseForm:
    """The consent block, with the form of the victim it was about (and which way) open."""
    return CaseForm(
        "consent",
        "consent_errors",
        "consent_values",
        {"consent_party": str(first(values.get("party_id")) or ""), "consent_method": method},
    )


class ConsentController(Controller):
    path = "/cases/{case_id:uuid}/consent"
    dependencies = {
        **CLIENT,
        "page": Provide(provide_case_page, sync_to_thread=False),
        "consents": Provide(provide_consent_service, sync_to_thread=False),
    }

    @post("/", sync_to_thread=True, name="consent:in_person")
    def in_person(
        self, page: Page, consents: Consents, client: Client, case_id: PathId, data: Form
    ) -> Any:
        values = without_csrf(data)
        return page.change(
            case_id,
            lambda: consents.give_in_person(
                case_id,
                page.actor,
                validate(InPersonConsent, values),
                client,
                expected_version(data),
            ),
            _form(values, "in_person"),
            values,
        )

    @post(
        "/paper",
        sync_to_thread=True,
        name="consent:on_paper",
        request_max_body_size=ROUTE_BODY_LIMIT,
    )
    def on_paper(
        self, page: Page, consents: Consents, client: Client, case_id: PathId, data: Multipart
    ) -> Any:
        values = {k: v for k, v in without_csrf(data).items() if k != FIELD}
        return page.change(
            case_id,
            lambda: consents.give_on_paper(
                case_id,
                page.actor,
                validate(PaperConsent, values),
                consent_scan(data),
                client,
                expected_version(data),
            ),
            _form(values, "paper"),
            values,
        )

    @get("/{consent_id:uuid}/scan", sync_to_thread=True, name="consent:scan")
    def scan(
        self,
        consents: Consents,
        actor: NamedDependency[Actor],
        case_id: PathId,
        consent_id: PathId,
    ) -> Response[bytes]:
        return scan_response(consents, case_id, consent_id, actor)
