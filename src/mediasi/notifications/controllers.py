"""The message log's forms on the case page: a failed message sent again to a corrected
number, and a person's wish to hear nothing or to hear on one channel."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, URLEncodedBody

from mediasi.cases.forms import expected_version, without_csrf
from mediasi.cases.responses import CaseForm, CasePage, provide_case_page
from mediasi.cases.services import CaseService
from mediasi.config import Settings
from mediasi.notifications.preferences import ContactChoice, PreferenceService
from mediasi.notifications.resend import NewNumber, ResendService
from mediasi.validation import validate

Form = URLEncodedBody[dict[str, Any]]


def provide_preference_service(
    case_service: NamedDependency[CaseService], settings: NamedDependency[Settings]
) -> PreferenceService:
    return PreferenceService(case_service, settings)


def provide_resend_service(
    case_service: NamedDependency[CaseService], settings: NamedDependency[Settings]
) -> ResendService:
    return ResendService(case_service, settings)


class MessageController(Controller):
    path = "/cases/{case_id:uuid}/messages"
    dependencies = {
        "page": Provide(provide_case_page, sync_to_thread=False),
        "resender": Provide(provide_resend_service, sync_to_thread=False),
        "preferences": Provide(provide_preference_service, sync_to_thread=False),
    }

    @post("/contacts", sync_to_thread=True, name="messages:contact")
    def contact(
        self,
        page: NamedDependency[CasePage],
        preferences: NamedDependency[PreferenceService],
        case_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        """A person's wish (opted out, a preferred channel), said to the officer."""
        values = without_csrf(data)
        form = CaseForm(
            "case_body", "contact_errors", "contact_values", {"choosing": values.get("person")}
        )
        return page.change(
            case_id,
            lambda: preferences.choose(
                case_id, page.actor, validate(ContactChoice, values), expected_version(data)
            ),
            form,
            values,
        )

    @post("/{message_id:uuid}/resend", sync_to_thread=True, name="messages:resend")
    def resend(
        self,
        page: NamedDependency[CasePage],
        resender: NamedDependency[ResendService],
        case_id: FromPath[UUID],
        message_id: FromPath[UUID],
        data: Form,
    ) -> Any:
        values = without_csrf(data)
        form = CaseForm("case_body", "resend_errors", "resend_values", {"resending": message_id})
        return page.change(
            case_id,
            lambda: resender.resend(
                case_id, message_id, page.actor, validate(NewNumber, values), expected_version(data)
            ),
            form,
            values,
        )
