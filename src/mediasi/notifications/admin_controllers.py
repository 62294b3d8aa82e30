"""Admin "Notifikasi" page: which channels are on and what they are set to (never a secret),
the outbox, and a test message through any channel to the admin's own number or address."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, URLEncodedBody
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.accounts.admin import ADMINS_ONLY
from mediasi.accounts.guards import requires
from mediasi.accounts.roles import Role
from mediasi.config import Settings
from mediasi.notifications.channels.base import Channel
from mediasi.notifications.masking import mask
from mediasi.notifications.models import STATUSES, Message
from mediasi.notifications.outbox_queries import list_outbox, parse_filters
from mediasi.notifications.texts import KINDS
from mediasi.notifications.trial import TrialForm, TrialService
from mediasi.validation import validate
from mediasi.web.forms import Failure, form_fields, submit
from mediasi.web.render import go, render

PAGE = "notifications/admin.html"


def provide_trial_service(
    db_session: NamedDependency[Session],
    settings: NamedDependency[Settings],
    actor: NamedDependency[Actor],
) -> TrialService:
    return TrialService(db_session, settings, actor)


def _page(
    request: Request[Any, Any, Any],
    session: Session,
    status: int = 200,
    block: str | None = None,
    **extra: Any,
) -> Response[Any]:
    channels: dict[str, Channel] = request.app.state.runtime.channels
    filters, errors = parse_filters(request.scope.get("query_string", b""), list(channels))
    context: dict[str, Any] = {
        "trial": None,
        "trial_to": "",
        "trial_errors": {},
        "trial_values": {},
        **extra,
    }
    return render(
        request,
        PAGE,
        block=block,
        status=400 if errors and status == 200 else status,
        statuses=[channel.status() for channel in channels.values()],
        outbox=list_outbox(session, filters),
        filters=filters,
        errors=errors,
        channel_names=list(channels),
        status_names=STATUSES,
        kind_names=list(KINDS),
        **context,
    )


class NotificationsAdminController(Controller):
    path = "/admin/notifications"
    guards = [requires(Role.ADMIN, refusal=ADMINS_ONLY)]
    dependencies = {"trials": Provide(provide_trial_service, sync_to_thread=False)}

    @get("/", name="admin:notifications", sync_to_thread=False)
    def index(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[Session]
    ) -> Response[Any]:
        return _page(request, db_session)

    @post("/trial", name="admin:notify_trial", sync_to_thread=True)
    def send_trial(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[Session],
        trials: NamedDependency[TrialService],
        data: URLEncodedBody[dict[str, Any]],
    ) -> Response[Any]:
        values = form_fields(data)

        def refused(failure: Failure) -> Response[Any]:
            return _page(
                request,
                db_session,
                failure.status,
                trial_errors=failure.errors,
                trial_values=dict(failure.values),
            )

        return submit(
            lambda: trials.send(validate(TrialForm, values)),
            values=values,
            success=lambda message: go(request, _result_url(request, message)),
            failure=refused,
        )

    @get("/trial/{trial_id:uuid}", name="admin:notify_trial_result", sync_to_thread=False)
    def trial_result(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[Session],
        trials: NamedDependency[TrialService],
        trial_id: FromPath[UUID],
    ) -> Response[Any]:
        """The admin page with the test message's fate; HTMX polls its block till it is known."""
        message = trials.get(trial_id)
        return _page(
            request, db_session, block="trial", trial=message, trial_to=mask(message.address)
        )


def _result_url(request: Request[Any, Any, Any], message: Message) -> str:
    return request.app.route_reverse("admin:notify_trial_result", trial_id=message.id)
