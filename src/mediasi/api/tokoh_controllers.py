"""``/api/cases/{case_id}/tokoh``: the tokoh taking part in a case, whom it may invite, and
inviting or removing one, as the case page's tokoh forms do (``cases:invite_tokoh``,
``remove_tokoh``): the same service calls, scope (404 outside it) and writers."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mediasi.api.member_schemas import (
    InvitedOut,
    InvitedPageOut,
    InvitedWritten,
    TokohInviteIn,
    TokohOut,
    TokohPageOut,
)
from mediasi.api.versions import VERSION, VersionIn, VersionOut
from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared
from mediasi.web.paging import PAGE, PageQuery, page_of


class TokohApiController(Controller):
    path = "/api/cases/{case_id:uuid}/tokoh"
    tags = ("cases",)
    opt = {"feature": "cases"}

    @get(
        "/",
        sync_to_thread=True,
        name="api:tokoh",
        **documented(404, 422),
        **declared(query=[PAGE]),
    )
    def invited(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> InvitedPageOut:
        """The tokoh invited to the case, as mediator or witness, in the order invited."""
        query = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:tokoh", case_id=case.id)
        rows, fields = page_of(desk.case_queries.tokoh_of_case(case.id), query.page, here)
        return InvitedPageOut(items=[InvitedOut.invited(*row) for row in rows], **fields)

    @get(
        "/registry",
        sync_to_thread=True,
        name="api:tokoh_registry",
        **documented(404, 422),
        **declared(query=[PAGE]),
    )
    def registry(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> TokohPageOut:
        """Whom the case may invite: the active tokoh of its desa not invited yet (for those
        who may change the case; a tokoh is refused, 403)."""
        desk.case_service.require_writer(case, desk.actor)
        query = validate(PageQuery, dict(desk.request.query_params))
        invitable = desk.case_queries.invitable(case, desk.case_queries.tokoh_of_case(case.id))
        here = desk.request.app.route_reverse("api:tokoh_registry", case_id=case.id)
        rows, fields = page_of(invitable, query.page, here)
        return TokohPageOut(items=[TokohOut.of(t) for t in rows], **fields)

    @post(
        "/",
        sync_to_thread=True,
        name="api:invite_tokoh",
        status_code=HTTP_201_CREATED,
        **documented(404, writes=True),
        **declared(body=TokohInviteIn),
    )
    def invite(
        self,
        desk: NamedDependency[Desk],
        case: NamedDependency[Case],
        data: JsonBody = None,
    ) -> InvitedWritten:
        """Invite a tokoh of the registry (an event on the chain, and the tokoh is told)."""
        body = validate(TokohInviteIn, data)
        link = desk.case_service.invite_tokoh(case.id, desk.actor, body, body.version)
        row = next(r for r in desk.case_queries.tokoh_of_case(case.id) if r[0].id == link.id)
        # ``case`` is the row the service changed: it carries the version after the change.
        return InvitedWritten(tokoh=InvitedOut.invited(*row), version=case.version)

    @delete(
        "/{tokoh_id:uuid}",
        sync_to_thread=True,
        name="api:remove_tokoh",
        status_code=HTTP_200_OK,
        **documented(404, writes=True),
        **declared(query=[VERSION]),
    )
    def remove(
        self, desk: NamedDependency[Desk], case: NamedDependency[Case], tokoh_id: FromPath[UUID]
    ) -> VersionOut:
        """Withdraw a tokoh's invitation (``?version=`` the case version seen)."""
        version = validate(VersionIn, dict(desk.request.query_params)).version
        desk.case_service.remove_tokoh(case.id, tokoh_id, desk.actor, version)
        return VersionOut(version=case.version)
