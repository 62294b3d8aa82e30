"""Recording how a mediation session went, from the case page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import FromPath, URLEncodedBody

from mediasi.accounts.auth import actor_of
from mediasi.cases.controllers import form_failed, refreshed
from mediasi.cases.forms import expected_version, without_csrf
from mediasi.cases.services import CaseService
from mediasi.errors import FieldErrors, StaleVersion
from mediasi.mediation.schemas import SessionRecord
from mediasi.mediation.services import MediationService
from mediasi.validation import validate

Form = URLEncodedBody[dict[str, Any]]


class SessionController(Controller):
    path = "/cases/{case_id:uuid}/sessions"

    @post("/{session_id:uuid}", sync_to_thread=True, name="sessions:record")
    def record(
        self,
        request: Request[Any, Any, Any],
        case_service: NamedDependency[CaseService],
        case_id: FromPath[UUID],
        session_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        actor = actor_of(request)
        values = without_csrf(data)
        try:
            MediationService(case_service).record(
                case_id, session_id, actor, validate(SessionRecord, values), expected_version(data)
            )
        except (FieldErrors, StaleVersion) as exc:
            return form_failed(
                request,
                case_service,
                case_id,
                exc,
                "sessions",
                recording_session=session_id,
                session_errors=getattr(exc, "errors", {}),
                session_values=values,
            )
        return refreshed(request, case_service, case_id)
