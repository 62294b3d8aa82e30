"""``/api/cases/{case_id}/messages``: the case page's delivery log and its two forms
(``messages:resend``, ``messages:contact``) through the same services: the officers and
supervisors over the case (a tokoh is refused, 403; a case out of reach is 404), a stale
``version`` 409, a wrong field 422 naming it."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from mediasi.agreements.controllers.dependencies import PathId
from mediasi.cases.desk import Desk
from mediasi.notifications.api_schemas import (
    ChosenOut,
    ContactIn,
    ContactOut,
    ContactPageOut,
    MessageOut,
    MessagePageOut,
    ResendIn,
    ResentOut,
)
from mediasi.notifications.controllers import (
    provide_preference_service,
    provide_resend_service,
)
from mediasi.notifications.preferences import PreferenceService
from mediasi.notifications.resend import ResendService
from mediasi.validation import validate
from mediasi.web.openapi import documented
from mediasi.web.openapi_input import JsonBody, declared
from mediasi.web.paging import PAGE, PageQuery, page_of

Resender = NamedDependency[ResendService]
Preferences = NamedDependency[PreferenceService]


class MessageApiController(Controller):
    path = "/api/cases/{case_id:uuid}/messages"
    tags = ("cases",)
    opt = {"feature": "cases"}
    dependencies = {
        "resender": Provide(provide_resend_service, sync_to_thread=False),
        "preferences": Provide(provide_preference_service, sync_to_thread=False),
    }

    @get(
        "/",
        sync_to_thread=True,
        name="api:messages",
        **documented(404, 422),
        **declared(query=[PAGE]),
    )
    def messages(
        self, desk: NamedDependency[Desk], resender: Resender, case_id: PathId
    ) -> MessagePageOut:
        """Every message of the case, newest first, the address masked, 20 a page
        (``page``); ``resendable`` where a corrected number may send it again."""
        log = resender.log(case_id, desk.actor)
        wanted = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:messages", case_id=case_id)
        rows, fields = page_of(log, wanted.page, here)
        return MessagePageOut(items=[MessageOut.of(row) for row in rows], **fields)

    @post(
        "/{message_id:uuid}/resend",
        sync_to_thread=True,
        name="api:message_resend",
        status_code=HTTP_201_CREATED,
        **documented(404, writes=True),
        **declared(body=ResendIn),
    )
    def resend(
        self,
        desk: NamedDependency[Desk],
        resender: Resender,
        case_id: PathId,
        message_id: PathId,
        data: JsonBody = None,
    ) -> ResentOut:
        """Send a failed message again to the corrected number: the copy queued."""
        body = validate(ResendIn, data)
        return ResentOut.of(resender.resend(case_id, message_id, desk.actor, body, body.version))

    @get(
        "/contacts",
        sync_to_thread=True,
        name="api:message_contacts",
        **documented(404, 422),
        **declared(query=[PAGE]),
    )
    def contacts(
        self, desk: NamedDependency[Desk], preferences: Preferences, case_id: PathId
    ) -> ContactPageOut:
        """The people of the case who can be reached (address masked) and their wishes."""
        people = preferences.contacts(case_id, desk.actor)
        wanted = validate(PageQuery, dict(desk.request.query_params))
        here = desk.request.app.route_reverse("api:message_contacts", case_id=case_id)
        rows, fields = page_of(people, wanted.page, here)
        return ContactPageOut(items=[ContactOut.of(row) for row in rows], **fields)

    @post(
        "/contacts",
        sync_to_thread=True,
        name="api:message_contact",
        status_code=HTTP_200_OK,
        **documented(404, writes=True),
        **declared(body=ContactIn),
    )
    def contact(
        self,
        desk: NamedDependency[Desk],
        preferences: Preferences,
        case_id: PathId,
        data: JsonBody = None,
    ) -> ChosenOut:
        """Record a person's wish: no messages, or one channel."""
        body = validate(ContactIn, data)
        return ChosenOut.of(preferences.choose(case_id, desk.actor, body, body.version))
