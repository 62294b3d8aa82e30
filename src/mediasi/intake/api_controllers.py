"""``POST /api/reports``: the public door for an app or a chatbot, as JSON.

No login and no CSRF token (there is no session to ride on); the same checks, limits and
tracking code as the page, without the page's robot traps. Send an ``Idempotency-Key``
header (up to 200 printable characters) so that a submission retried over a weak link makes
one report: the retry answers with the first report and ``Idempotent-Replayed: true``.
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
from mediasi.intake.codes import format_code
from mediasi.intake.controllers import BODY_LIMIT, provide_intake
from mediasi.intake.schemas import ReportFields
from mediasi.intake.services import IntakeService
from mediasi.validation import validate
from mediasi.web.forms import client_address
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared

IDEMPOTENCY_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


class ReportReceived(BaseModel):
    code: str
    status: str
    submitted_at: datetime
    due_at: datetime | None
    track_url: str


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
    dependencies = {"intake": Provide(provide_intake, sync_to_thread=False)}

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
        )
        headers = {"Idempotent-Replayed": "true"} if done.replayed else {}
        return Response(body, status_code=200 if done.replayed else 201, headers=headers)
