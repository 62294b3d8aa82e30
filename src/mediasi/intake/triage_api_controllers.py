"""``/api/reports/...``: the officer's triage of the public door's reports as JSON, beside the
public ``POST /api/reports``: the queue (paged), one report, taking it up as a case, adding it
to a case open about the same matter, declining it with a reason, a note, a file.

The page's service, scope and rules (``triage_controllers``): a report of a desa out of reach
is 404, a tokoh or the admin 403, a report already decided 409, a wrong field 422 naming it.
Every write answers the report as it then stands (``case_id``: the case it became)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath

from mediasi.agreements.documents import PDF
from mediasi.cases.desk import Desk
from mediasi.intake.triage import Decline, Merge, Note, TriageService
from mediasi.intake.triage_api_schemas import ReportOut, ReportPageOut, ReportRowOut
from mediasi.intake.triage_controllers import STAFF_ONLY, provide_triage
from mediasi.uploads import IMAGES
from mediasi.validation import Form, validate
from mediasi.web.downloads import inline
from mediasi.web.openapi import documented, file_answer
from mediasi.web.openapi_input import JsonBody, declared
from mediasi.web.paging import PAGE, PageQuery, page_fields

F = TypeVar("F", bound=Form)
Triage = NamedDependency[TriageService]
Here = NamedDependency[Desk]
ReportId = FromPath[UUID]
WRITE = {"sync_to_thread": True, "status_code": 200, **documented(404, writes=True)}
FILE_ANSWER = file_answer(*IMAGES, PDF, description="The file, as it is kept.")


def after(
    triage: TriageService,
    desk: Desk,
    report_id: UUID,
    model: type[F],
    data: Any,
    action: Callable[[F], object],
) -> ReportOut:
    """``data`` checked as ``model`` and handed to ``action`` (one service call), then the
    report as it stands. A report out of reach is a 404 before anything is said about the
    body."""
    triage.get(desk.actor, report_id)
    action(validate(model, data))
    return ReportOut.whole(triage.review(desk.actor, report_id))


class TriageApiController(Controller):
    path = "/api/reports"
    tags = ("reports",)
    opt = {"feature": "cases"}
    guards = [STAFF_ONLY]
    dependencies = {"triage": Provide(provide_triage, sync_to_thread=False)}

    @get(
        "/",
        sync_to_thread=True,
        name="api:triage_queue",
        **documented(422),
        **declared(query=[PAGE]),
    )
    def queue(self, desk: Here, triage: Triage) -> ReportPageOut:
        """Reports still to decide from the desa in the caller's reach, the oldest first (its
        deadline runs first), 20 a page (``page``)."""
        wanted = validate(PageQuery, dict(desk.request.query_params))
        rows, span = triage.queue_page(desk.actor, wanted.page)
        here = desk.request.app.route_reverse("api:triage_queue")
        return ReportPageOut(items=[ReportRowOut.of(r) for r in rows], **page_fields(here, span))

    @get("/{report_id:uuid}", sync_to_thread=True, name="api:triage_report", **documented(404))
    def report(self, desk: Here, triage: Triage, report_id: ReportId) -> ReportOut:
        """One report whole (decided or not): what the resident sent, the reporter (phone
        masked; nothing when anonymous), the files, the log, and what became of it."""
        return ReportOut.whole(triage.review(desk.actor, report_id))

    @post("/{report_id:uuid}/accept", name="api:triage_accept", **WRITE)
    def accept(self, desk: Here, triage: Triage, report_id: ReportId) -> ReportOut:
        """Take the report up as a new case of its workflow (the reporter its complainant);
        the answer's ``case_id`` is the case. Once only (409 after any decision)."""
        triage.accept(desk.actor, report_id)
        return ReportOut.whole(triage.review(desk.actor, report_id))

    @post("/{report_id:uuid}/merge", name="api:triage_merge", **WRITE, **declared(body=Merge))
    def merge(
        self, desk: Here, triage: Triage, report_id: ReportId, data: JsonBody = None
    ) -> ReportOut:
        """Add the report to a case already open about the same matter, by its reference."""
        return after(
            triage, desk, report_id, Merge, data, lambda b: triage.merge(desk.actor, report_id, b)
        )

    @post("/{report_id:uuid}/decline", name="api:triage_decline", **WRITE, **declared(body=Decline))
    def decline(
        self, desk: Here, triage: Triage, report_id: ReportId, data: JsonBody = None
    ) -> ReportOut:
        """Decline the report with a reason, which the resident reads on the tracking page."""
        return after(
            triage,
            desk,
            report_id,
            Decline,
            data,
            lambda body: triage.decline(desk.actor, report_id, body),
        )

    @post("/{report_id:uuid}/notes", name="api:triage_note", **WRITE, **declared(body=Note))
    def note(
        self, desk: Here, triage: Triage, report_id: ReportId, data: JsonBody = None
    ) -> ReportOut:
        """A correction or an addition for the officers (the resident never sees it), decided
        or not: what the resident sent stays as sent."""
        return after(
            triage, desk, report_id, Note, data, lambda b: triage.note(desk.actor, report_id, b)
        )

    @get(
        "/{report_id:uuid}/files/{file_id:uuid}",
        sync_to_thread=True,
        name="api:triage_file",
        **documented(404),
        **FILE_ANSWER,
    )
    def file(
        self, desk: Here, triage: Triage, report_id: ReportId, file_id: FromPath[UUID]
    ) -> Response[bytes]:
        """A photo or file of the report, with its SHA-256 (``X-Content-SHA256``)."""
        row = triage.file(desk.actor, report_id, file_id)
        return inline(row.data, row.media_type, row.filename, **{"X-Content-SHA256": row.sha256})
