"""Admin "Notifikasi" page: which channels are on and what they are set to, never a secret."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get

from mediasi.accounts.admin import ADMINS_ONLY
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.notifications.channels.base import Channel
from mediasi.web.render import render


class NotificationsAdminController(Controller):
    path = "/admin/notifications"
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]

    @get("/", name="admin:notifications", sync_to_thread=False)
    def index(self, request: Request[Any, Any, Any]) -> Response[Any]:
        channels: dict[str, Channel] = request.app.state.runtime.channels
        statuses = [channel.status() for channel in channels.values()]
        return render(request, "notifications/admin.html", statuses=statuses)
