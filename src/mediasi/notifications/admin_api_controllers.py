"""``/api/admin/notifications``: the admin's "Notifikasi" page as JSON: each enabled channel
and its settings (never a secret's value), the outbox (addresses masked), and a test message
through one of them to the admin's own number or address, sent at once through the outbox like
any other, then asked after until its fate is known. Only an admin, as on the page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.orm import Session

from mediasi.accounts.admin import ADMINS_ONLY
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.notifications.admin_api_schemas import (
    OUTBOX_QUERY,
    ChannelOut,
    ChannelPageOut,
    OutboxPageOut,
    OutboxRowOut,
    TrialIn,
    TrialOut,
    outbox_filters,
)
from mediasi.notifications.admin_controllers import provide_trial_service
from mediasi.notifications.channels.base import Channel
from mediasi.notifications.outbox_queries import outbox_window
from mediasi.notifications.trial import TrialService
from mediasi.validation import validate
from mediasi.web.errors import language
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared
from mediasi.web.paging import PAGE, PageQuery, page_fields, page_of

Trials = NamedDependency[TrialService]
AnyRequest = Request[Any, Any, Any]


class NotificationsAdminApiController(Controller):
    path = "/api/admin/notifications"
    tags = ("admin",)
    opt = {"feature": "admin"}
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]
    dependencies = {"trials": Provide(provide_trial_service, sync_to_thread=False)}

    @get(
        "/channels",
        sync_to_thread=False,
        name="api:admin_channels",
        **documented(422),
        **declared(query=[PAGE]),
    )
    def channels(self, request: AnyRequest) -> ChannelPageOut:
        """The channels on here, in the order a person's messages try them."""
        wanted = validate(PageQuery, dict(request.query_params))
        on: dict[str, Channel] = request.app.state.runtime.channels
        here = request.app.route_reverse("api:admin_channels")
        rows, fields = page_of(list(on.values()), wanted.page, here)
        lang = language(request)
        return ChannelPageOut(items=[ChannelOut.of(c.status(), lang) for c in rows], **fields)

    @get(
        "/outbox",
        sync_to_thread=True,
        name="api:admin_outbox",
        **documented(422),
        **declared(query=OUTBOX_QUERY),
    )
    def outbox(self, request: AnyRequest, db_session: NamedDependency[Session]) -> OutboxPageOut:
        """Every message queued, newest first, as the page lists it (addresses masked),
        filtered by status, channel, kind and the days it was queued on."""
        channels: dict[str, Channel] = request.app.state.runtime.channels
        filters, kept = outbox_filters(request.query_params, channels)
        rows, span = outbox_window(db_session, filters)
        here = request.app.route_reverse("api:admin_outbox")
        lang = language(request)
        return OutboxPageOut(
            items=[OutboxRowOut.of(r, lang) for r in rows], **page_fields(here, span, kept)
        )

    @post(
        "/trial",
        sync_to_thread=True,
        name="api:admin_trial",
        status_code=HTTP_201_CREATED,
        **documented(writes=True),
        **declared(body=TrialIn),
    )
    def send_trial(self, request: AnyRequest, trials: Trials, data: JsonBody = None) -> TrialOut:
        """Queue a test message to go now, whatever the hour; ask ``GET …/trial/{id}`` for
        its fate."""
        return TrialOut.of(trials.send(validate(TrialIn, data)), language(request))

    @get(
        "/trial/{trial_id:uuid}",
        sync_to_thread=True,
        name="api:admin_trial_result",
        **documented(404),
    )
    def trial_result(
        self, request: AnyRequest, trials: Trials, trial_id: FromPath[UUID]
    ) -> TrialOut:
        """A test message as it stands: queued or sending until the channel has answered."""
        return TrialOut.of(trials.get(trial_id), language(request))
