"""Setting a case's follow-ups and closing them (done or removed), from the case page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, URLEncodedBody

from mediasi.cases.forms import without_csrf
from mediasi.cases.responses import CaseForm, CasePage, provide_case_page
from mediasi.cases.services import CaseService
from mediasi.followups.schemas import CloseForm, FollowUpForm
from mediasi.followups.services import FollowUpService
from mediasi.validation import validate

Form = URLEncodedBody[dict[str, Any]]
FOLLOW_UPS = CaseForm("follow_ups", "follow_up_errors", "follow_up_values")


def provide_follow_up_service(case_service: NamedDependency[CaseService]) -> FollowUpService:
    return FollowUpService(case_service)


class FollowUpController(Controller):
    path = "/cases/{case_id:uuid}/follow-ups"
    dependencies = {
        "page": Provide(provide_case_page, sync_to_thread=False),
        "follow_ups": Provide(provide_follow_up_service, sync_to_thread=False),
    }

    @post("/", sync_to_thread=True, name="followups:add")
    def add(
        self,
        page: NamedDependency[CasePage],
        follow_ups: NamedDependency[FollowUpService],
        case_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        values = without_csrf(data)
        return page.change(
            case_id,
            lambda: follow_ups.add(case_id, page.actor, validate(FollowUpForm, values)),
            FOLLOW_UPS,
            values,
        )

    @post("/{follow_up_id:uuid}/close", sync_to_thread=True, name="followups:close")
    def close(
        self,
        page: NamedDependency[CasePage],
        follow_ups: NamedDependency[FollowUpService],
        case_id: FromPath[UUID],
        follow_up_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        values = without_csrf(data)
        return page.change(
            case_id,
            lambda: follow_ups.close(
                case_id, follow_up_id, page.actor, validate(CloseForm, values)
            ),
            FOLLOW_UPS,
        )
