"""Pausing and resuming a state's deadline, from the case page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, URLEncodedBody

from mediasi.cases.forms import expected_version, without_csrf
from mediasi.cases.responses import CaseForm, CasePage, provide_case_page
from mediasi.cases.services import CaseService
from mediasi.deadlines.pauses import PauseService
from mediasi.deadlines.schemas import PauseForm
from mediasi.validation import validate

Form = URLEncodedBody[dict[str, Any]]
DEADLINE = CaseForm("deadline", "pause_errors", "pause_values")


def provide_pause_service(case_service: NamedDependency[CaseService]) -> PauseService:
    return PauseService(case_service)


class PauseController(Controller):
    path = "/cases/{case_id:uuid}/deadline"
    dependencies = {
        "page": Provide(provide_case_page, sync_to_thread=False),
        "pauses": Provide(provide_pause_service, sync_to_thread=False),
    }

    @post("/pause", sync_to_thread=True, name="deadlines:pause")
    def pause(
        self,
        page: NamedDependency[CasePage],
        pauses: NamedDependency[PauseService],
        case_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        values = without_csrf(data)
        return page.change(
            case_id,
            lambda: pauses.pause(
                case_id, page.actor, validate(PauseForm, values), expected_version(data)
            ),
            DEADLINE,
            values,
        )

    @post("/resume", sync_to_thread=True, name="deadlines:resume")
    def resume(
        self,
        page: NamedDependency[CasePage],
        pauses: NamedDependency[PauseService],
        case_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        return page.change(
            case_id, lambda: pauses.resume(case_id, page.actor, expected_version(data)), DEADLINE
        )
