""" "Laporan masuk": the officer's and supervisor's queue of reports from the public door."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, MultipartBody, URLEncodedBody

from mediasi.accounts.actor import Actor
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.i18n import _
from mediasi.intake.attachments import BODY_LIMIT, FIELD, MAX_FILE_BYTES, PER_REPORT
from mediasi.intake.codes import format_code
from mediasi.intake.triage import Decline, Merge, Note, TriageService
from mediasi.uploads import posted_files
from mediasi.validation import Form as Fields
from mediasi.validation import validate
from mediasi.web.downloads import inline
from mediasi.web.forms import Failure, form_fields, submit
from mediasi.web.render import go, render
from mediasi.workflow.spec import WorkflowSpec

Form = URLEncodedBody[dict[str, Any]]
Multipart = MultipartBody[dict[str, Any]]
Triage = NamedDependency[TriageService]
STAFF_ONLY = requires(
    Role.OFFICER, Role.SUPERVISOR, refusal=_("Laporan warga hanya untuk petugas dan pengawas.")
)


def provide_triage(case_service: NamedDependency[CaseService]) -> TriageService:
    return TriageService(case_service)


def _review(
    request: Request[Any, Any, Any],
    triage: TriageService,
    actor: Actor,
    report_id: UUID,
    status: int = 200,
    **extra: Any,
) -> Response[Any]:
    review = triage.review(actor, report_id)
    context: dict[str, Any] = {"errors": {}, "values": {}, "form": None, "message": None, **extra}
    return render(
        request,
        "intake/review.html",
        status=status,
        report=review.report,
        code=format_code(review.report.code),
        history=review.history,
        files=review.files,
        max_files=PER_REPORT,
        spec_of=_spec_of(request),
        **context,
    )


def _spec_of(request: Request[Any, Any, Any]) -> Callable[[str], WorkflowSpec]:
    """For the pages: a report's workflow, whose label and category labels they show."""
    return request.app.state.runtime.workflows.registry.latest  # type: ignore[no-any-return]


def _decided(
    request: Request[Any, Any, Any],
    triage: TriageService,
    actor: Actor,
    report_id: UUID,
    data: dict[str, Any],
    form: str,
    act: Callable[[dict[str, Any]], Any],
) -> Response[Any]:
    """One action on one report: a decision goes to the case (or the queue) when done, a note
    back to the report; else the report again with the form's errors beside its fields."""
    values = {k: v for k, v in form_fields(data).items() if k != FIELD}

    def done(result: Any) -> Response[Any]:
        if form in ("note", "files"):
            review = request.app.route_reverse("triage:review", report_id=report_id)
            return go(request, f"{review}#{'history' if form == 'note' else 'files'}")
        if isinstance(result, Case):
            return go(request, request.app.route_reverse("cases:detail", case_id=result.id))
        return go(request, request.app.route_reverse("triage:queue"))

    def refused(failure: Failure) -> Response[Any]:
        return _review(
            request,
            triage,
            actor,
            report_id,
            failure.status,
            errors=failure.errors,
            values=dict(failure.values),
            form=form,
            message=failure.message,
        )

    return submit(lambda: act(values), values=values, success=done, failure=refused)


class TriageController(Controller):
    path = "/laporan"
    guards = [STAFF_ONLY]
    dependencies = {"triage": Provide(provide_triage, sync_to_thread=False)}

    @get("/", name="triage:queue", sync_to_thread=True)
    def queue(
        self, request: Request[Any, Any, Any], triage: Triage, actor: NamedDependency[Actor]
    ) -> Response[Any]:
        reports = triage.queue(actor)
        return render(request, "intake/queue.html", reports=reports, spec_of=_spec_of(request))

    @get("/{report_id:uuid}", name="triage:review", sync_to_thread=True)
    def review(
        self,
        request: Request[Any, Any, Any],
        triage: Triage,
        actor: NamedDependency[Actor],
        report_id: FromPath[UUID],
    ) -> Response[Any]:
        return _review(request, triage, actor, report_id)

    @post("/{report_id:uuid}/accept", name="triage:accept", sync_to_thread=True)
    def accept(
        self,
        request: Request[Any, Any, Any],
        triage: Triage,
        actor: NamedDependency[Actor],
        report_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:

        def take(values: dict[str, Any]) -> Case:
            validate(Fields, values)  # the button sends no field: anything else is refused (422)
            return triage.accept(actor, report_id)

        return _decided(request, triage, actor, report_id, data, "accept", take)

    @post("/{report_id:uuid}/merge", name="triage:merge", sync_to_thread=True)
    def merge(
        self,
        request: Request[Any, Any, Any],
        triage: Triage,
        actor: NamedDependency[Actor],
        report_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        return _decided(
            request,
            triage,
            actor,
            report_id,
            data,
            "merge",
            lambda values: triage.merge(actor, report_id, validate(Merge, values)),
        )

    @post("/{report_id:uuid}/decline", name="triage:decline", sync_to_thread=True)
    def decline(
        self,
        request: Request[Any, Any, Any],
        triage: Triage,
        actor: NamedDependency[Actor],
        report_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        return _decided(
            request,
            triage,
            actor,
            report_id,
            data,
            "decline",
            lambda values: triage.decline(actor, report_id, validate(Decline, values)),
        )

    @post("/{report_id:uuid}/notes", name="triage:note", sync_to_thread=True)
    def note(
        self,
        request: Request[Any, Any, Any],
        triage: Triage,
        actor: NamedDependency[Actor],
        report_id: FromPath[UUID],
        data: Form,
    ) -> Response[Any]:
        return _decided(
            request,
            triage,
            actor,
            report_id,
            data,
            "note",
            lambda values: triage.note(actor, report_id, validate(Note, values)),
        )

    @post(
        "/{report_id:uuid}/files",
        name="triage:attach",
        sync_to_thread=True,
        request_max_body_size=BODY_LIMIT,
    )
    def attach(
        self,
        request: Request[Any, Any, Any],
        triage: Triage,
        actor: NamedDependency[Actor],
        report_id: FromPath[UUID],
        data: Multipart,
    ) -> Response[Any]:
        return _decided(
            request,
            triage,
            actor,
            report_id,
            data,
            "files",
            lambda values: triage.attach(
                actor, report_id, posted_files(data, FIELD, MAX_FILE_BYTES)
            ),
        )

    @get("/{report_id:uuid}/files/{file_id:uuid}", name="triage:file", sync_to_thread=True)
    def file(
        self,
        triage: Triage,
        actor: NamedDependency[Actor],
        report_id: FromPath[UUID],
        file_id: FromPath[UUID],
    ) -> Response[bytes]:
        row = triage.file(actor, report_id, file_id)
        return inline(row.data, row.media_type, row.filename, **{"X-Content-SHA256": row.sha256})
