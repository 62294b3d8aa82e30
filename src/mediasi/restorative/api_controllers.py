"""``/api/cases/{case_id}/rj``: the document pack of a restorative justice case, as the case
page lists it and ``restorative:pdf`` serves each document: the case's scope first (404
outside it), then the readers (officers and supervisors; a tokoh is refused, 403), then
whether the step that makes the document has been recorded (404 until then)."""

from __future__ import annotations

from datetime import datetime

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from pydantic import BaseModel, Field

from mediasi.agreements.documents import PDF
from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.restorative.controllers import document_response, provide_documents
from mediasi.restorative.kinds import PACK, PERDAMAIAN
from mediasi.restorative.queries import DocumentQueries, Entry
from mediasi.validation import validate
from mediasi.web.openapi import documented, file_answer
from mediasi.web.openapi_input import declared
from mediasi.web.paging import PAGE, PageOut, PageQuery, page_of

Documents = NamedDependency[DocumentQueries]


class DocumentOut(BaseModel):
    kind: str = Field(examples=["klarifikasi"], description=f"One of {', '.join(PACK)}.")
    ready: bool = Field(description="Whether the step that makes it has been recorded.")
    issued_at: datetime | None
    code: str = Field(examples=["7KQ4-M2XP"], description="The verification code ('' if none).")
    url: str | None = Field(description="Its PDF, once ready (the peace agreement's own).")


class DocumentPageOut(PageOut):
    items: list[DocumentOut]


class RestorativeDocumentApiController(Controller):
    path = "/api/cases/{case_id:uuid}/rj"
    tags = ("cases",)
    opt = {"feature": "cases"}
    dependencies = {"rj_documents": Provide(provide_documents, sync_to_thread=False)}

    @get(
        "/",
        sync_to_thread=True,
        name="api:rj_documents",
        **documented(404, 422),
        **declared(query=[PAGE]),
    )
    def documents(
        self, desk: NamedDependency[Desk], case: NamedDependency[Case], rj_documents: Documents
    ) -> DocumentPageOut:
        """The pack in the order a case file holds it (empty for a case that is not a
        restorative justice one): each document, ready once its step is recorded."""
        pack = rj_documents.pack(case, desk.actor)
        wanted = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:rj_documents", case_id=case.id)
        rows, fields = page_of(pack, wanted.page, here)

        def out(entry: Entry) -> DocumentOut:
            url = None
            if entry.ready and entry.kind == PERDAMAIAN:
                url = desk.request.app.route_reverse("api:agreement_pdf", case_id=case.id)
            elif entry.ready:
                url = desk.request.app.route_reverse(
                    "api:rj_document", case_id=case.id, kind=entry.kind
                )
            issued = entry.document.issued_at if entry.document else None
            return DocumentOut(
                kind=entry.kind, ready=entry.ready, issued_at=issued, code=entry.code, url=url
            )

        return DocumentPageOut(items=[out(entry) for entry in rows], **fields)

    @get(
        "/{kind:str}",
        sync_to_thread=True,
        name="api:rj_document",
        **documented(404),
        **file_answer(PDF, description="The document as a PDF, with its verification code."),
    )
    def pdf(
        self,
        desk: NamedDependency[Desk],
        case: NamedDependency[Case],
        rj_documents: Documents,
        settings: NamedDependency[Settings],
        kind: FromPath[str],
    ) -> Response[bytes]:
        """One document of the pack (``kind``: permohonan, klarifikasi, pemulihan,
        persetujuan; the peace agreement is ``/api/cases/{id}/agreement/pdf``)."""
        return document_response(desk, case, rj_documents, settings, kind)
