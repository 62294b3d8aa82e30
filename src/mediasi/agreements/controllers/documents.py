"""Files of an agreement: the PDF of its current version (from the case, or from a tokoh's
signing page) and the scan of a paper signature. Whoever may see the case may have the PDF; a
tokoh's copy withholds the parties' NIK and addresses."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from mediasi.accounts.actor import Actor
from mediasi.agreements.canonical import format_code
from mediasi.agreements.controllers.dependencies import QUERIES
from mediasi.agreements.documents import agreement_document
from mediasi.agreements.queries import AgreementQueries
from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.errors import NotFound
from mediasi.i18n import _
from mediasi.web.downloads import inline

Queries = NamedDependency[AgreementQueries]


def pdf_response(
    request: Request[Any, Any, Any],
    settings: Settings,
    queries: AgreementQueries,
    case: Case,
    actor: Actor,
) -> Response[bytes]:
    state = queries.state_of(case)
    if state is None:
        raise NotFound(_("Belum ada kesepakatan."))
    code = state.version.code
    verify_url = request.url_for("verify:code", code=format_code(code)) if code else ""
    document = agreement_document(settings.templates_dir, case, state, actor, verify_url)
    return inline(document.data, document.media_type, document.filename)


def evidence_response(
    queries: AgreementQueries, case: Case, evidence_id: UUID, actor: Actor
) -> Response[bytes]:
    """The scan of a paper signature as it was uploaded, its SHA-256 in a header."""
    row = queries.evidence(case, evidence_id, actor)
    return inline(row.data, row.media_type, row.filename, **{"X-Content-SHA256": row.sha256})


class DocumentController(Controller):
    """The agreement's files, under the case's agreement and under a tokoh's signing page."""

    path = "/"
    dependencies = QUERIES

    @get("/cases/{case_id:uuid}/agreement/pdf", sync_to_thread=True, name="agreements:pdf")
    def pdf(
        self,
        desk: NamedDependency[Desk],
        case: NamedDependency[Case],
        agreement_queries: Queries,
        settings: NamedDependency[Settings],
    ) -> Response[bytes]:
        return pdf_response(desk.request, settings, agreement_queries, case, desk.actor)

    @get("/agreements/{agreement_id:uuid}/pdf", sync_to_thread=True, name="agreements:signer_pdf")
    def signer_pdf(
        self,
        request: Request[Any, Any, Any],
        actor: NamedDependency[Actor],
        agreement_queries: Queries,
        settings: NamedDependency[Settings],
        agreement_id: FromPath[UUID],
    ) -> Response[bytes]:
        case, _state = agreement_queries.for_signer(agreement_id, actor)
        return pdf_response(request, settings, agreement_queries, case, actor)

    @get(
        "/cases/{case_id:uuid}/agreement/evidence/{evidence_id:uuid}",
        sync_to_thread=True,
        name="agreements:evidence",
    )
    def evidence(
        self,
        actor: NamedDependency[Actor],
        case: NamedDependency[Case],
        agreement_queries: Queries,
        evidence_id: FromPath[UUID],
    ) -> Response[bytes]:
        return evidence_response(agreement_queries, case, evidence_id, actor)
