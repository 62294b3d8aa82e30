"""``/api/reports``: the public door for an app or a chatbot, as JSON.

No login and no CSRF token (there is no session to ride on); the same services, checks,
limits and tracking code as the pages, without the report page's robot traps:

- ``POST /api/reports`` makes a report. Send an ``Idempotency-Key`` header (up to 200
  printable characters) so that a submission retried over a weak link makes one report: the
  retry answers with the first report and ``Idempotent-Replayed: true``. The answer carries
  the ticket that adds files to it for two hours, as the page that shows the code does.
- ``POST /api/reports/attachments`` adds one file with that ticket (multipart).
- ``POST /api/reports/track`` follows a report by its code and the last digits of the phone,
  in the body rather than the URL, throttled per address and per code as ``/lacak`` is.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency, Provide
from pydantic import BaseModel

from mediasi.errors import FieldErrors
from mediasi.i18n import _
from mediasi.intake.attachments import BODY_LIMIT as FILES_LIMIT
from mediasi.intake.attachments import FIELD, MAX_FILE_BYTES, ResidentFiles
from mediasi.intake.codes import format_code
from mediasi.intake.controllers import BODY_LIMIT, provide_files, provide_intake, provide_tracking
from mediasi.intake.resident_api_schemas import AttachedOut, AttachIn, TrackIn, TrackingOut
from mediasi.intake.schemas import ReportFields
from mediasi.intake.services import IntakeService
from mediasi.intake.tracking import TrackingService
from mediasi.uploads import posted_files
from mediasi.validation import validate
from mediasi.web.boundary import FILE
from mediasi.web.errors import language
from mediasi.web.forms import client_address, flat
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import FileBody, JsonBody, declared

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


class ReportReceived(BaseModel):
    code: str
    status: str
    submitted_at: datetime
    due_at: datetime | None
    track_url: str
    # Adds files to this report by POST /api/reports/attachments, for two hours.
    ticket: str


def _key(request: Request[Any, Any, Any]) -> str | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.match(key):
        raise FieldErrors(
            {"Idempotency-Key": _("Kunci berisi 1 sampai 200 huruf, angka, atau tanda baca.")}
        )
    return key


class IntakeApiController(Controller):
    path = "/api/reports"
    tags = ("public reports",)
    dependencies = {
        "intake": Provide(provide_intake, sync_to_thread=False),
        "files": Provide(provide_files, sync_to_thread=False),
        "tracking": Provide(provide_tracking, sync_to_thread=False),
    }

    @post(
        "/",
        name="api:public_report",
        sync_to_thread=True,
        exclude_from_auth=True,
        exclude_from_csrf=True,
        request_max_body_size=BODY_LIMIT,
        **documented(413, 415, 422, public=True),
        **declared(body=ReportFields),
    )
    def submit(
        self,
        request: Request[Any, Any, Any],
        intake: NamedDependency[IntakeService],
        files: NamedDependency[ResidentFiles],
        data: JsonBody = None,
    ) -> Response[ReportReceived]:
        """Submit a resident's report; the answer carries its tracking code."""
        key = _key(request)
        done = intake.submit_api(validate(ReportFields, data), client_address(request), key)
        report = done.report
        body = ReportReceived(
            code=format_code(report.code),
            status=report.status,
            submitted_at=report.submitted_at,
            due_at=report.due_at,
            track_url=str(request.url_for("intake:track_form")),
            ticket=files.ticket(report),
        )
        headers = {"Idempotent-Replayed": "true"} if done.replayed else {}
        return Response(body, status_code=200 if done.replayed else 201, headers=headers)

    @post(
        "/attachments",
        name="api:public_attach",
        sync_to_thread=True,
        exclude_from_auth=True,
        exclude_from_csrf=True,
        request_max_body_size=FILES_LIMIT,
        opt={"body": FILE},
        **documented(413, 415, 422, public=True),
        **declared(body=AttachIn, files={FIELD: "A JPEG, PNG or PDF of at most 5 MB."}),
    )
    def attach(self, files: NamedDependency[ResidentFiles], data: FileBody) -> AttachedOut:
        """Add one photo or document to a report made by ``POST /api/reports`` (multipart:
        ``ticket`` and the part ``files``); an expired or forged ticket is a 422."""
        fields = {key[:40]: value for key, value in flat(data).items() if key != FIELD}
        body = validate(AttachIn, fields)
        done = files.attach(body.ticket, posted_files(data, FIELD, MAX_FILE_BYTES))
        report = done.report
        code = format_code(report.code)
        return AttachedOut.of(code, len(done.added), files.files(report), files.ticket(report))

    @post(
        "/track",
        name="api:public_track",
        sync_to_thread=True,
        exclude_from_auth=True,
        exclude_from_csrf=True,
        status_code=200,
        request_max_body_size=BODY_LIMIT,
        **documented(404, 413, 415, 422, public=True),
        **declared(body=TrackIn),
    )
    def track(
        self,
        request: Request[Any, Any, Any],
        tracking: NamedDependency[TrackingService],
        data: JsonBody = None,
    ) -> TrackingOut:
        """What became of a report, as the tracking page says it (no personal data): a wrong
        code or digits is a 404, a code that cannot be one a 422, too many wrong tries from
        one address or on one code a 429 with ``Retry-After``."""
        body = validate(TrackIn, data)
        view = tracking.look_up(body.code, body.digits, client_address(request))
        return TrackingOut.of(view, language(request))
