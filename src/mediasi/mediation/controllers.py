"""Moving a mediation session and recording how it went, from the case page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Controller, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, URLEncodedBody

from mediasi.cases.forms import expected_version, without_csrf
from mediasi.cases.responses import CaseForm, CasePage, provide_case_page
from mediasi.cases.services import CaseService
from mediasi.mediation.schemas import SessionMove, SessionRecord
from mediasi.mediation.services import MediationService
from mediasi.validation import validate
from mediasi.web.forms import submit

Form = URLEncodedBody[dict[str, Any]]


def provide_mediation_service(case_service: NamedDependency[CaseService]) -> MediationService:
    return MediationService(case_service)


def _session_form(
    page: CasePage,
    case_id: UUID,
    data: dict[str, Any],
    opened: dict[str, Any],
    act: Callable[[dict[str, Any], int], object],
) -> Any:
    """One form of one session: on a refusal the sessions block comes back with that form
    open (``opened`` names it) and what was typed kept."""
    values = without_csrf(data)
    form = CaseForm("sessions", "session_errors", "session_values", opened)
    return submit(
        lambda: act(values, expected_version(data)),
        values=values,
        success=lambda _: page.refreshed(case_id),
        failure=page.form_failed(case_id, form),
    )


class SessionController(Controller):
    path = "/cases/{case_id:uuid}/sessions"
    dependencies = {
        "page": Provide(provide_case_page, sync_to_thread=False),
        "mediation": Provide(provide_mediation_service, sync_to_thread=False),
    }

    @post("/{session_id:uuid}", sync_to_thread=True, name="sessions:record")
    def record(
        self,
        page: NamedDependency[CasePage],
        mediation: NamedDependency[MediationService],
        case_id: FromPath[UUID],
        session_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        return _session_form(
            page,
            case_id,
            data,
            {"recording_session": session_id},
            lambda values, version: mediation.record(
                case_id, session_id, page.actor, validate(SessionRecord, values), version
            ),
        )

    @post("/{session_id:uuid}/move", sync_to_thread=True, name="sessions:move")
    def move(
        self,
        page: NamedDependency[CasePage],
        mediation: NamedDependency[MediationService],
        case_id: FromPath[UUID],
        session_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        return _session_form(
            page,
            case_id,
            data,
            {"moving_session": session_id},
            lambda values, version: mediation.move(
                case_id, session_id, page.actor, validate(SessionMove, values), version
            ),
        )
