"""The public door's pages: report (``/lapor``) and follow a report (``/lacak``), no login."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, MultipartBody, URLEncodedBody
from sqlalchemy.orm import Session

from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.intake.abuse import form_token
from mediasi.intake.attachments import BODY_LIMIT as FILES_LIMIT
from mediasi.intake.attachments import (
    CLOSED,
    FIELD,
    MAX_FILE_BYTES,
    PER_REPORT,
    ResidentFiles,
)
from mediasi.intake.codes import format_code
from mediasi.intake.models import PublicReport
from mediasi.intake.queries import desa_groups, search_words, topics
from mediasi.intake.schemas import ReportForm
from mediasi.intake.services import IntakeService
from mediasi.intake.tracking import TrackingService, TrackingView
from mediasi.uploads import posted_files
from mediasi.validation import validate
from mediasi.web.forms import Failure, client_address, form_fields, submit
from mediasi.web.render import render

Form = URLEncodedBody[dict[str, Any]]
Multipart = MultipartBody[dict[str, Any]]
# What the form may hold at most: every field at its limit, with room for the encoding.
BODY_LIMIT = 64 * 1024


def provide_intake(
    request: Request[Any, Any, Any], db_session: NamedDependency[Session]
) -> IntakeService:
    runtime = request.app.state.runtime
    return IntakeService(db_session, runtime.settings, runtime.workflows)


def provide_files(
    db_session: NamedDependency[Session], settings: NamedDependency[Settings]
) -> ResidentFiles:
    return ResidentFiles(db_session, settings)


def _received(
    request: Request[Any, Any, Any],
    files: ResidentFiles,
    report: PublicReport,
    status: int = 201,
    **extra: Any,
) -> Response[Any]:
    """The page that shows the tracking code, and where the resident may add files."""
    context: dict[str, Any] = {"errors": {}, "message": None, "added": 0, **extra}
    return render(
        request,
        "intake/received.html",
        status=status,
        code=format_code(report.code),
        report=report,
        ticket=files.ticket(report),
        files=files.files(report),
        max_files=PER_REPORT,
        **context,
    )


def provide_tracking(request: Request[Any, Any, Any]) -> TrackingService:
    runtime = request.app.state.runtime
    return TrackingService(runtime.sessions, runtime.settings, runtime.workflows)


class PublicReportController(Controller):
    path = "/lapor"
    dependencies = {
        "intake": Provide(provide_intake, sync_to_thread=False),
        "files": Provide(provide_files, sync_to_thread=False),
    }

    def _form(
        self,
        request: Request[Any, Any, Any],
        session: Session,
        settings: Settings,
        status: int = 200,
        **extra: Any,
    ) -> Response[Any]:
        context: dict[str, Any] = {"errors": {}, "values": {}, "message": None, **extra}
        search = search_words(str(context.pop("search", "")))
        found = desa_groups(session, search) if search else []
        if len(found) == 1 and len(found[0].desa) == 1 and not context["values"]:
            context["values"] = {"desa_id": found[0].desa[0][0]}
        return render(
            request,
            "intake/report.html",
            status=status,
            desa_groups=found or desa_groups(session),
            search=search,
            search_missed=bool(search) and not found,
            topics=topics(request.app.state.runtime.workflows),
            started=form_token(settings.secret_key, utcnow()),
            **context,
        )

    @get("/", name="intake:form", sync_to_thread=True, exclude_from_auth=True)
    def form(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[Session],
        settings: NamedDependency[Settings],
        cari: FromQuery[str] = "",
    ) -> Response[Any]:
        return self._form(request, db_session, settings, search=cari)

    @post(
        "/",
        name="intake:submit",
        sync_to_thread=True,
        exclude_from_auth=True,
        request_max_body_size=BODY_LIMIT,
    )
    def send(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[Session],
        settings: NamedDependency[Settings],
        intake: NamedDependency[IntakeService],
        files: NamedDependency[ResidentFiles],
        data: Form,
    ) -> Response[Any]:
        values = form_fields(data)

        def refused(failure: Failure) -> Response[Any]:
            kept = {k: v for k, v in failure.values.items() if k not in ("website", "started")}
            return self._form(
                request,
                db_session,
                settings,
                failure.status,
                errors=failure.errors,
                values=kept,
                message=failure.message,
            )

        return submit(
            lambda: intake.submit(validate(ReportForm, values), client_address(request)),
            values=values,
            success=lambda report: _received(request, files, report),
            failure=refused,
        )

    @post(
        "/lampiran",
        name="intake:attach",
        sync_to_thread=True,
        exclude_from_auth=True,
        request_max_body_size=FILES_LIMIT,
    )
    def attach(
        self,
        request: Request[Any, Any, Any],
        files: NamedDependency[ResidentFiles],
        data: Multipart,
    ) -> Response[Any]:
        ticket = str(form_fields(data).get("ticket") or "")

        def refused(failure: Failure) -> Response[Any]:
            report = files.report_of(ticket)
            if report is None:
                return render(request, "intake/closed.html", status=422, message=CLOSED)
            return _received(request, files, report, failure.status, errors=failure.errors)

        return submit(
            lambda: files.attach(ticket, posted_files(data, FIELD, MAX_FILE_BYTES)),
            success=lambda done: _received(request, files, done.report, 200, added=len(done.added)),
            failure=refused,
        )


class TrackingController(Controller):
    path = "/lacak"
    dependencies = {"tracking": Provide(provide_tracking, sync_to_thread=False)}

    @get("/", name="intake:track_form", sync_to_thread=False, exclude_from_auth=True)
    def form(self, request: Request[Any, Any, Any]) -> Response[Any]:
        return _tracking(request, None)

    @post("/", name="intake:track", sync_to_thread=True, exclude_from_auth=True)
    def look_up(
        self,
        request: Request[Any, Any, Any],
        tracking: NamedDependency[TrackingService],
        data: Form,
    ) -> Response[Any]:
        values = form_fields(data)
        code, digits = str(values.get("code") or ""), str(values.get("digits") or "")
        return submit(
            lambda: tracking.look_up(code, digits, client_address(request)),
            values=values,
            success=lambda view: _tracking(request, view, values={"code": code[:40]}),
            failure=lambda failure: _tracking(
                request,
                None,
                status=failure.status,
                errors=failure.errors,
                message=failure.message,
                values={"code": code[:40]},
            ),
        )


def _tracking(
    request: Request[Any, Any, Any],
    view: TrackingView | None,
    status: int = 200,
    **extra: Any,
) -> Response[Any]:
    context: dict[str, Any] = {"errors": {}, "values": {}, "message": None, **extra}
    return render(request, "intake/track.html", status=status, view=view, **context)
