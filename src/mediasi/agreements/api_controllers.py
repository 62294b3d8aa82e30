"""``/api/cases/{case_id}/agreement`` and ``/api/agreements``: the agreement pages as JSON.

The same services and queries as the pages (``controllers/``), so the same scope, roles and
rules: a case out of reach is 404, an action the caller's role may not take 403, a stale
case version or text version 409, a wrong field 422 naming it. Every write answers the
agreement as it then stands, with the case version to send next.
"""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide

from mediasi.agreements.api_inputs import (
    DeclineIn,
    DraftIn,
    FreezeIn,
    InPersonIn,
    MarkIn,
    PaperIn,
    SignIn,
    Versions,
)
from mediasi.agreements.api_schemas import AgreementOut, AwaitingPageOut, ObligationPageOut
from mediasi.agreements.api_views import AgreementApi
from mediasi.agreements.controllers.case_page import uploaded
from mediasi.agreements.controllers.dependencies import (
    CLIENT,
    DRAFTING,
    OBLIGATIONS,
    QUERIES,
    SIGNING,
    SLOT,
    Client,
    Drafting,
    Obligations,
    PathId,
    Queries,
    Signing,
    Slot,
)
from mediasi.agreements.controllers.documents import evidence_response, pdf_response
from mediasi.agreements.decisions import ClientInfo, Posted
from mediasi.agreements.documents import PDF
from mediasi.agreements.uploads import FIELD, ROUTE_BODY_LIMIT
from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.uploads import IMAGES
from mediasi.web.boundary import FILE
from mediasi.web.forms import flat
from mediasi.web.openapi import documented, file_answer
from mediasi.web.openapi_input import FileBody, JsonBody, declared
from mediasi.web.paging import PAGE

Api = NamedDependency[AgreementApi]
SCAN = "The photo or scan of the signed paper: JPEG, PNG or PDF, at most 5 MB."
PDF_ANSWER = file_answer(PDF, description="The agreement's current version as a PDF.")
SCAN_ANSWER = file_answer(*IMAGES, PDF, description="The scan, as it was uploaded.")
WRITE = {"sync_to_thread": True, "status_code": 200, **documented(404, writes=True)}
API = {"agreement_api": Provide(AgreementApi, sync_to_thread=False)}


def posted(body: Versions, client: ClientInfo) -> Posted:
    """What a signature carries besides its own fields: the versions read, where from."""
    return Posted(body.agreement_version, body.version, client)


class AgreementApiController(Controller):
    """The agreement of one case, from the officer's side (read by whoever sees the case)."""

    path = "/api/cases/{case_id:uuid}/agreement"
    tags = ("agreements",)
    opt = {"feature": "agreements"}
    dependencies = {**QUERIES, **CLIENT, **DRAFTING, **SIGNING, **SLOT, **OBLIGATIONS, **API}

    @get("/", sync_to_thread=True, name="api:agreement", **documented(404))
    def agreement(self, agreement_api: Api, case_id: PathId) -> AgreementOut:
        """The agreement: its text, status, digest and code, the signatories and where each
        stands, the obligations, the earlier versions."""
        return agreement_api.of_case(case_id)

    @post("/", name="api:agreement_draft", **WRITE, **declared(body=DraftIn))
    def draft(
        self, agreement_api: Api, drafting: Drafting, case_id: PathId, data: JsonBody = None
    ) -> AgreementOut:
        """Save the draft as a new version (the same draft again changes nothing). Saving a
        frozen text again voids every signature given on it."""
        actor = agreement_api.actor
        return agreement_api.after(
            case_id,
            DraftIn,
            data,
            lambda body: drafting.save_draft(case_id, actor, body, body.version),
        )

    @post("/freeze", name="api:agreement_freeze", **WRITE, **declared(body=FreezeIn))
    def freeze(
        self, agreement_api: Api, drafting: Drafting, case_id: PathId, data: JsonBody = None
    ) -> AgreementOut:
        """Freeze the draft for signing: its SHA-256, its code and who must sign it."""
        actor = agreement_api.actor
        return agreement_api.after(
            case_id,
            FreezeIn,
            data,
            lambda body: drafting.freeze(case_id, actor, body.agreement_version, body.version),
        )

    @post(
        "/sign/{signatory:str}",
        name="api:agreement_sign_in_person",
        **WRITE,
        **declared(body=InPersonIn),
    )
    def sign_in_person(
        self,
        agreement_api: Api,
        signing: Signing,
        slot: Slot,
        client: Client,
        case_id: PathId,
        data: JsonBody = None,
    ) -> AgreementOut:
        """A party without an account signs on the officer's device, typing their name."""
        return agreement_api.after(
            case_id,
            InPersonIn,
            data,
            lambda body: signing.sign_in_person(slot, body, posted(body, client)),
        )

    @post(
        "/sign/{signatory:str}/paper",
        name="api:agreement_sign_on_paper",
        request_max_body_size=ROUTE_BODY_LIMIT,
        opt={"body": FILE},
        **WRITE,
        **declared(body=PaperIn, files={FIELD: SCAN}),
    )
    def sign_on_paper(
        self,
        agreement_api: Api,
        signing: Signing,
        slot: Slot,
        client: Client,
        case_id: PathId,
        data: FileBody,
    ) -> AgreementOut:
        """A party signed the printed text: its photo or scan (multipart, part ``scan``)."""
        fields = {key[:40]: value for key, value in flat(data).items() if key != FIELD}
        return agreement_api.after(
            case_id,
            PaperIn,
            fields,
            lambda body: signing.sign_on_paper(slot, body, uploaded(data), posted(body, client)),
        )

    @get(
        "/obligations",
        sync_to_thread=True,
        name="api:obligations",
        **documented(404, 422),
        **declared(query=[PAGE]),
    )
    def obligations(self, agreement_api: Api, case_id: PathId) -> ObligationPageOut:
        """The current version's obligations, with their status and due date (``page``)."""
        return agreement_api.obligations(case_id)

    @post(
        "/obligations/{obligation_id:uuid}",
        name="api:obligation_mark",
        **WRITE,
        **declared(body=MarkIn),
    )
    def mark(
        self,
        agreement_api: Api,
        obligations: Obligations,
        case_id: PathId,
        obligation_id: PathId,
        data: JsonBody = None,
    ) -> AgreementOut:
        """Mark an obligation kept, or broken with what happened, while the agreement holds."""
        actor = agreement_api.actor
        return agreement_api.after(
            case_id,
            MarkIn,
            data,
            lambda body: obligations.mark(case_id, obligation_id, actor, body, body.version),
        )

    @get("/pdf", sync_to_thread=True, name="api:agreement_pdf", **documented(404), **PDF_ANSWER)
    def pdf(
        self,
        desk: NamedDependency[Desk],
        case: NamedDependency[Case],
        agreement_queries: Queries,
        settings: NamedDependency[Settings],
    ) -> Response[bytes]:
        """The current version as a PDF (a draft's marked as such)."""
        return pdf_response(desk.request, settings, agreement_queries, case, desk.actor)

    @get(
        "/evidence/{evidence_id:uuid}",
        sync_to_thread=True,
        name="api:agreement_evidence",
        **documented(404),
        **SCAN_ANSWER,
    )
    def evidence(
        self,
        desk: NamedDependency[Desk],
        case: NamedDependency[Case],
        agreement_queries: Queries,
        evidence_id: PathId,
    ) -> Response[bytes]:
        """The scan of a paper signature (officers and supervisors), with its SHA-256."""
        return evidence_response(agreement_queries, case, evidence_id, desk.actor)


class SignerApiController(Controller):
    """A tokoh's side: what awaits them, reading one agreement, signing or declining it."""

    path = "/api/agreements"
    tags = ("agreements",)
    opt = {"feature": "agreements"}
    dependencies = {**QUERIES, **CLIENT, **SIGNING, **API}

    @get(
        "/",
        sync_to_thread=True,
        name="api:awaiting",
        **documented(422),
        **declared(query=[PAGE]),
    )
    def awaiting(self, agreement_api: Api) -> AwaitingPageOut:
        """Frozen agreements the caller (a tokoh) must still sign or decline, oldest first;
        empty for anyone else."""
        return agreement_api.awaiting()

    @get("/{agreement_id:uuid}", sync_to_thread=True, name="api:signer", **documented(404))
    def agreement(self, agreement_api: Api, agreement_id: PathId) -> AgreementOut:
        """One agreement by its id, for whoever may see its case; ``mine`` is the caller's
        own place among the signatories."""
        return agreement_api.of_signer(agreement_id)

    @get(
        "/{agreement_id:uuid}/pdf",
        sync_to_thread=True,
        name="api:signer_pdf",
        **documented(404),
        **PDF_ANSWER,
    )
    def pdf(
        self,
        agreement_api: Api,
        agreement_queries: Queries,
        settings: NamedDependency[Settings],
        agreement_id: PathId,
    ) -> Response[bytes]:
        """The current version as a PDF (a tokoh's copy withholds the parties' NIK and
        addresses)."""
        actor = agreement_api.actor
        case, _state = agreement_queries.for_signer(agreement_id, actor)
        return pdf_response(agreement_api.request, settings, agreement_queries, case, actor)

    @post("/{agreement_id:uuid}/viewed", name="api:signer_viewed", **WRITE)
    def viewed(
        self, agreement_api: Api, signing: Signing, client: Client, agreement_id: PathId
    ) -> AgreementOut:
        """The tokoh has the whole frozen text on screen: recorded once per version."""
        actor = agreement_api.actor
        return agreement_api.viewed(
            agreement_id, lambda: signing.record_view(agreement_id, actor, client)
        )

    @post("/{agreement_id:uuid}/sign", name="api:signer_sign", **WRITE, **declared(body=SignIn))
    def sign(
        self,
        agreement_api: Api,
        signing: Signing,
        client: Client,
        agreement_id: PathId,
        data: JsonBody = None,
    ) -> AgreementOut:
        """The tokoh signs the text they read, bound to its SHA-256."""
        actor = agreement_api.actor
        return agreement_api.after_signer(
            agreement_id,
            SignIn,
            data,
            lambda body: signing.sign_as_tokoh(agreement_id, actor, posted(body, client)),
        )

    @post(
        "/{agreement_id:uuid}/decline",
        name="api:signer_decline",
        **WRITE,
        **declared(body=DeclineIn),
    )
    def decline(
        self,
        agreement_api: Api,
        signing: Signing,
        client: Client,
        agreement_id: PathId,
        data: JsonBody = None,
    ) -> AgreementOut:
        """The tokoh declines to sign, with a reason the officer reads."""
        actor = agreement_api.actor
        return agreement_api.after_signer(
            agreement_id,
            DeclineIn,
            data,
            lambda body: signing.decline_as_tokoh(agreement_id, actor, body, posted(body, client)),
        )
