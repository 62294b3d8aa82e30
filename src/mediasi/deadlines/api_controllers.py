"""``/api/cases/{case_id}/deadline``: where a case's deadline stands, and pausing and resuming
it, as the case page's deadline forms do (``deadlines:pause``, ``deadlines:resume``): the same
service, scope (404 outside it), writers and case version (a stale one is 409)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide

from mediasi.api.versions import VersionIn
from mediasi.cases.desk import Desk
from mediasi.cases.models import Case
from mediasi.deadlines.api_schemas import DeadlineOut, PauseIn
from mediasi.deadlines.controllers import provide_pause_service
from mediasi.deadlines.pauses import PauseService
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared

Pauses = NamedDependency[PauseService]


class DeadlineApiController(Controller):
    path = "/api/cases/{case_id:uuid}/deadline"
    tags = ("cases",)
    opt = {"feature": "cases"}
    dependencies = {"pauses": Provide(provide_pause_service, sync_to_thread=False)}

    @get("/", sync_to_thread=True, name="api:deadline", **documented(404))
    def deadline(self, pauses: Pauses, case: NamedDependency[Case]) -> DeadlineOut:
        """The state's deadline: due, paused (since when, why, until when at most), expired."""
        return DeadlineOut.of(case, pauses.rule(case))

    @post(
        "/pause",
        sync_to_thread=True,
        name="api:pause_deadline",
        status_code=200,
        **documented(404, writes=True),
        **declared(body=PauseIn),
    )
    def pause(
        self,
        desk: NamedDependency[Desk],
        pauses: Pauses,
        case: NamedDependency[Case],
        data: JsonBody = None,
    ) -> DeadlineOut:
        """Stop the deadline's clock, where the state allows it (409 otherwise)."""
        body = validate(PauseIn, data)
        paused = pauses.pause(case.id, desk.actor, body, body.version)
        return DeadlineOut.of(paused, pauses.rule(paused))

    @post(
        "/resume",
        sync_to_thread=True,
        name="api:resume_deadline",
        status_code=200,
        **documented(404, writes=True),
        **declared(body=VersionIn),
    )
    def resume(
        self,
        desk: NamedDependency[Desk],
        pauses: Pauses,
        case: NamedDependency[Case],
        data: JsonBody = None,
    ) -> DeadlineOut:
        """Start the clock again: the due time moves by the time the pause took."""
        body = validate(VersionIn, data)
        resumed = pauses.resume(case.id, desk.actor, body.version)
        return DeadlineOut.of(resumed, pauses.rule(resumed))
