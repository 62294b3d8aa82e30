"""The documents of a restorative justice case, one download each: the case's scope first (the
case dependency: 404 outside it), then who may read them, then whether the step that makes the
document has been recorded (404 until then)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from sqlalchemy.orm import Session

from mediasi.agreements.canonical import format_code
from mediasi.agreements.documents import PDF
from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.config import Settings
from mediasi.restorative.kinds import BY_KEY, file_name
from mediasi.restorative.pdf import document_pdf
from mediasi.restorative.queries import DocumentQueries
from mediasi.web.downloads import inline


def provide_documents(db_session: NamedDependency[Session]) -> DocumentQueries:
    return DocumentQueries(db_session)


def document_response(
    desk: Desk, case: Case, rj_documents: DocumentQueries, settings: Settings, kind: str
) -> Response[bytes]:
    """The case's current document of ``kind`` as a PDF, for the page and the API alike."""
    document = rj_documents.readable(case, kind, desk.actor)
    verify_url = desk.request.url_for("verify:code", code=format_code(document.code))
    data = document_pdf(settings.templates_dir, document, verify_url)
    return inline(data, PDF, file_name(case.reference, BY_KEY[document.kind]))


class RestorativeDocumentController(Controller):
    path = "/cases/{case_id:uuid}/rj"
    dependencies = {"rj_documents": Provide(provide_documents, sync_to_thread=False)}

    @get("/{kind:str}", sync_to_thread=True, name="restorative:pdf")
    def pdf(
        self,
        desk: NamedDependency[Desk],
        case: NamedDependency[Case],
        rj_documents: NamedDependency[DocumentQueries],
        settings: NamedDependency[Settings],
        kind: FromPath[str],
    ) -> Response[bytes]:
        return document_response(desk, case, rj_documents, settings, kind)
