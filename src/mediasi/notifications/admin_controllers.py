"""Admin "Notifikasi" page: which channels are on and what they are set to, never a secret."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from sqlalchemy.orm import Session

from mediasi.accounts.admin import ADMINS_ONLY
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.notifications.channels.base import Channel
from mediasi.notifications.models import STATUSES
from mediasi.notifications.outbox_queries import list_outbox, parse_filters
from mediasi.notifications.texts import KINDS
from mediasi.web.render import render


class NotificationsAdminController(Controller):
    path = "/admin/notifications"
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]

    @get("/", name="admin:notifications", sync_to_thread=False)
    def index(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[Session]
    ) -> Response[Any]:
        channels: dict[str, Channel] = request.app.state.runtime.channels
        filters, errors = parse_filters(request.scope.get("query_string", b""), list(channels))
        return render(
            request,
            "notifications/admin.html",
            status=400 if errors else 200,
            statuses=[channel.status() for channel in channels.values()],
            outbox=list_outbox(db_session, filters),
            filters=filters,
            errors=errors,
            channel_names=list(channels),
            status_names=STATUSES,
            kind_names=list(KINDS),
        )
