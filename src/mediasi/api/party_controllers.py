"""``/api/cases/{case_id}/parties``: a case's parties, as the case page lists and changes them.

The same service calls as the page's party forms (``cases:add_party``, ``update_party``,
``remove_party``), the same scope (404 outside it) and the same writers (officers and
supervisors over the case; a tokoh only reads, without NIK or phone). NIK and phone are
answered masked, as in the case detail; a change names only the fields it changes."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mediasi.api.member_schemas import (
    PartyIn,
    PartyPageOut,
    PartyPatchIn,
    PartyWritten,
)
from mediasi.api.schemas import PartyOut
from mediasi.api.versions import VERSION, VersionIn, VersionOut
from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.cases.party_edits import PartyEdits
from mediasi.cases.services import CaseService
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared
from mediasi.web.paging import PAGE, PageQuery, page_of


def provide_party_edits(case_service: NamedDependency[CaseService]) -> PartyEdits:
    return PartyEdits(case_service)


class PartyApiController(Controller):
    path = "/api/cases/{case_id:uuid}/parties"
    tags = ("cases",)
    opt = {"feature": "cases"}
    dependencies = {"edits": Provide(provide_party_edits, sync_to_thread=False)}

    @get(
        "/",
        sync_to_thread=True,
        name="api:parties",
        **documented(404, 422),
        **declared(query=[PAGE]),
    )
    def parties(self, desk: NamedDependency[Desk], case: NamedDependency[Case]) -> PartyPageOut:
        """The case's parties in the order they were recorded."""
        query = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:parties", case_id=case.id)
        rows, fields = page_of(desk.case_queries.parties(case.id), query.page, here)
        return PartyPageOut(items=[PartyOut.of(p, desk.actor) for p in rows], **fields)

    @post(
        "/",
        sync_to_thread=True,
        name="api:add_party",
        status_code=HTTP_201_CREATED,
        **documented(404, writes=True),
        **declared(body=PartyIn),
    )
    def add(
        self, desk: NamedDependency[Desk], case: NamedDependency[Case], data: JsonBody = None
    ) -> PartyWritten:
        """Record a party (an event on the case's chain); the answer carries the new version."""
        body = validate(PartyIn, data)
        party = desk.case_service.add_party(case.id, desk.actor, body.party(), body.version)
        # ``case`` is the row the service changed: it carries the version after the change.
        return PartyWritten(party=PartyOut.of(party, desk.actor), version=case.version)

    @patch(
        "/{party_id:uuid}",
        sync_to_thread=True,
        name="api:update_party",
        **documented(404, writes=True),
        **declared(body=PartyPatchIn),
    )
    def update(
        self,
        desk: NamedDependency[Desk],
        edits: NamedDependency[PartyEdits],
        case: NamedDependency[Case],
        party_id: FromPath[UUID],
        data: JsonBody = None,
    ) -> PartyWritten:
        """Change the fields sent (null clears NIK, phone or address); the rest stay."""
        body = validate(PartyPatchIn, data)
        party = edits.amend(case.id, party_id, desk.actor, body, body.version)
        return PartyWritten(party=PartyOut.of(party, desk.actor), version=case.version)

    @delete(
        "/{party_id:uuid}",
        sync_to_thread=True,
        name="api:remove_party",
        status_code=HTTP_200_OK,
        **documented(404, writes=True),
        **declared(query=[VERSION]),
    )
    def remove(
        self, desk: NamedDependency[Desk], case: NamedDependency[Case], party_id: FromPath[UUID]
    ) -> VersionOut:
        """Take the party off the case (``?version=`` the case version seen)."""
        version = validate(VersionIn, dict(desk.request.query_params)).version
        desk.case_service.remove_party(case.id, party_id, desk.actor, version)
        return VersionOut(version=case.version)
