"""``/api/cases/{case_id}/follow-ups``: a case's follow-ups, setting one and closing one (done
or removed), as the case page's follow-up forms do (``followups:add``, ``followups:close``):
the same service, scope (404 outside it) and people (the officers and supervisors over the
case; a tokoh is refused, 403). A follow-up is no step of the case: it carries no version."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mediasi.cases.desk import Desk
from mediasi.followups.api_schemas import (
    FOLLOW_UP_QUERY,
    FollowUpOut,
    FollowUpPageOut,
    FollowUpQuery,
)
from mediasi.followups.controllers import provide_follow_up_service
from mediasi.followups.schemas import CloseForm, FollowUpForm
from mediasi.followups.services import FollowUpService
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared
from mediasi.web.paging import page_of

FollowUps = NamedDependency[FollowUpService]
CaseId = FromPath[UUID]


class FollowUpApiController(Controller):
    path = "/api/cases/{case_id:uuid}/follow-ups"
    tags = ("cases",)
    opt = {"feature": "cases"}
    dependencies = {"follow_ups": Provide(provide_follow_up_service, sync_to_thread=False)}

    @get(
        "/",
        sync_to_thread=True,
        name="api:follow_ups",
        **documented(404, 422),
        **declared(query=FOLLOW_UP_QUERY),
    )
    def follow_ups(
        self, desk: NamedDependency[Desk], follow_ups: FollowUps, case_id: CaseId
    ) -> FollowUpPageOut:
        """The case's follow-ups of one ``status``."""
        query = validate(FollowUpQuery, dict(desk.request.query_params))
        rows = follow_ups.of_case(case_id, desk.actor, query.status)
        here = desk.request.app.route_reverse("api:follow_ups", case_id=case_id)
        page, fields = page_of(rows, query.page, here, {"status": query.status})
        return FollowUpPageOut(items=[FollowUpOut.of(row) for row in page], **fields)

    @post(
        "/",
        sync_to_thread=True,
        name="api:add_follow_up",
        status_code=HTTP_201_CREATED,
        **documented(404, writes=True),
        **declared(body=FollowUpForm),
    )
    def add(
        self,
        desk: NamedDependency[Desk],
        follow_ups: FollowUps,
        case_id: CaseId,
        data: JsonBody = None,
    ) -> FollowUpOut:
        """Set a follow-up on the caller's own list: a day (today to a year on, in the case's
        local time), an hour if it matters, what to do."""
        row = follow_ups.add(case_id, desk.actor, validate(FollowUpForm, data))
        return FollowUpOut.of(row)

    @post(
        "/{follow_up_id:uuid}/close",
        sync_to_thread=True,
        name="api:close_follow_up",
        status_code=HTTP_200_OK,
        **documented(404, writes=True),
        **declared(body=CloseForm),
    )
    def close(
        self,
        desk: NamedDependency[Desk],
        follow_ups: FollowUps,
        case_id: CaseId,
        follow_up_id: FromPath[UUID],
        data: JsonBody = None,
    ) -> FollowUpOut:
        """Close an open follow-up: done, or removed (set by mistake, no longer needed);
        once only (409 after)."""
        row = follow_ups.close(case_id, follow_up_id, desk.actor, validate(CloseForm, data))
        return FollowUpOut.of(row)
