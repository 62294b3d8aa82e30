"""``/api/cases/{id}/sessions``: a case's mediation sessions as JSON, scheduled, recorded and
moved with the same services, scope and rules as the case page."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mediasi.cases.desk import Desk
from mediasi.mediation.api_schemas import (
    MoveIn,
    RecordIn,
    ScheduleIn,
    SessionChangeOut,
    SessionOut,
    SessionPageOut,
)
from mediasi.mediation.controllers import provide_mediation_service
from mediasi.mediation.services import MediationService
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared
from mediasi.web.paging import PAGE, PageQuery, page_fields

Mediation = NamedDependency[MediationService]
SessionId = FromPath[UUID]


class SessionApiController(Controller):
    path = "/api/cases/{case_id:uuid}/sessions"
    tags = ("sessions",)
    opt = {"feature": "sessions"}
    dependencies = {"mediation": Provide(provide_mediation_service, sync_to_thread=False)}

    @get(
        "/",
        sync_to_thread=True,
        name="api:sessions",
        **documented(404, 422),
        **declared(query=[PAGE]),
    )
    def sessions(
        self, desk: NamedDependency[Desk], mediation: Mediation, case_id: FromPath[UUID]
    ) -> SessionPageOut:
        """The case's sessions in the order they were scheduled for, 20 a page (``page``)."""
        wanted = validate(PageQuery, dict(desk.request.query_params))
        rows, span = mediation.sessions(case_id, desk.actor, wanted.page)
        here = desk.request.app.route_reverse("api:sessions", case_id=case_id)
        return SessionPageOut(items=[SessionOut.of(r) for r in rows], **page_fields(here, span))

    @get("/{session_id:uuid}", sync_to_thread=True, name="api:session", **documented(404))
    def session(
        self,
        desk: NamedDependency[Desk],
        mediation: Mediation,
        case_id: FromPath[UUID],
        session_id: SessionId,
    ) -> SessionOut:
        return SessionOut.of(mediation.one(case_id, session_id, desk.actor))

    @post(
        "/",
        sync_to_thread=True,
        name="api:schedule_session",
        status_code=HTTP_201_CREATED,
        **documented(404, writes=True),
        **declared(body=ScheduleIn),
    )
    def schedule(
        self,
        desk: NamedDependency[Desk],
        mediation: Mediation,
        case_id: FromPath[UUID],
        data: JsonBody = None,
    ) -> SessionChangeOut:
        """Take the case's step that schedules a session ('Jadwalkan mediasi', or 'Jadwalkan
        ulang' after a failed one): the step's roles, fields and conditions apply, as on the
        case page; 409 when the case's state has no such step or ``version`` is stale."""
        body = validate(ScheduleIn, data)
        change = mediation.schedule(case_id, desk.actor, body.trigger, body.fields, body.version)
        return SessionChangeOut.of(change)

    @post(
        "/{session_id:uuid}/record",
        sync_to_thread=True,
        name="api:record_session",
        status_code=HTTP_200_OK,
        **documented(404, writes=True),
        **declared(body=RecordIn),
    )
    def record(
        self,
        desk: NamedDependency[Desk],
        mediation: Mediation,
        case_id: FromPath[UUID],
        session_id: SessionId,
        data: JsonBody = None,
    ) -> SessionChangeOut:
        """Record how a scheduled session went (once; a recorded one is a 409)."""
        body = validate(RecordIn, data)
        change = mediation.record(case_id, session_id, desk.actor, body, body.version)
        return SessionChangeOut.of(change)

    @post(
        "/{session_id:uuid}/move",
        sync_to_thread=True,
        name="api:move_session",
        status_code=HTTP_200_OK,
        **documented(404, writes=True),
        **declared(body=MoveIn),
    )
    def move(
        self,
        desk: NamedDependency[Desk],
        mediation: Mediation,
        case_id: FromPath[UUID],
        session_id: SessionId,
        data: JsonBody = None,
    ) -> SessionChangeOut:
        """Move a session not yet held to a later time or another place."""
        body = validate(MoveIn, data)
        change = mediation.move(case_id, session_id, desk.actor, body, body.version)
        return SessionChangeOut.of(change)
