"""What the messages API sends and takes: the case page's delivery log (each message with its
address masked), the people's wishes, and the page's two forms (a corrected number to send a
failed message again; a person's wish), each with the case version the page carries."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.agreements.api_inputs import CaseVersion
from mediasi.notifications.masking import mask
from mediasi.notifications.preferences import Chosen, Contact, ContactChoice
from mediasi.notifications.queries import LogRow
from mediasi.notifications.resend import NewNumber, Resent
from mediasi.web.openapi_input import with_example
from mediasi.web.paging import PageOut


class ResendIn(NewNumber, CaseVersion):
    """The corrected number; the party's or the reporter's record takes it too."""

    model_config = with_example({"version": 7, "phone": "0812-3456-7890"})


class ContactIn(ContactChoice, CaseVersion):
    """A person's wish (``person`` as ``GET …/messages/contacts`` names them): no messages at
    all, or one channel (empty: the default); it holds for their address in every case."""

    model_config = with_example(
        {"version": 7, "person": "reporter:x", "channel": "sms", "opted_out": False}
    )


class MessageOut(BaseModel):
    id: UUID
    kind: str = Field(examples=["session_scheduled"])
    recipient_name: str = Field(examples=["Darto Santoso"])
    recipient_kind: str = Field(examples=["party"])  # tokoh, party, reporter, user
    to: str = Field(examples=["+62812****7890"], description="The address, masked.")
    channel: str = Field(examples=["whatsapp"])
    status: str = Field(examples=["failed"])
    reason: str | None
    text: str
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    read_at: datetime | None
    failed_at: datetime | None
    resent_from_id: UUID | None
    resendable: bool = Field(description="Failed for want of a usable number: may go again.")

    @classmethod
    def of(cls, row: LogRow) -> MessageOut:
        m = row.message
        return cls(
            id=m.id,
            kind=m.kind,
            recipient_name=m.recipient_name,
            recipient_kind=m.recipient_kind,
            to=row.to,
            channel=m.channel,
            status=m.status,
            reason=m.reason,
            text=m.text,
            created_at=m.created_at,
            sent_at=m.sent_at,
            delivered_at=m.delivered_at,
            read_at=m.read_at,
            failed_at=m.failed_at,
            resent_from_id=m.resent_from_id,
            resendable=row.resendable,
        )


class MessagePageOut(PageOut):
    items: list[MessageOut]


class ResentOut(BaseModel):
    message: MessageOut
    case_version: int = Field(description="The case version to send with the next write.")

    @classmethod
    def of(cls, resent: Resent) -> ResentOut:
        row = LogRow(resent.message, mask(resent.message.address), resendable=False)
        return cls(message=MessageOut.of(row), case_version=resent.case_version)


class ContactOut(BaseModel):
    person: str = Field(examples=["reporter:x"], description="Whom a wish names.")
    name: str
    kind: str = Field(examples=["reporter"])
    to: str = Field(description="The address, masked.")
    opted_out: bool
    channel: str | None

    @classmethod
    def of(cls, contact: Contact) -> ContactOut:
        wish = contact.preference
        return cls(
            person=contact.key,
            name=contact.recipient.name,
            kind=contact.recipient.kind,
            to=contact.to,
            opted_out=bool(wish and wish.opted_out),
            channel=wish.channel if wish else None,
        )


class ContactPageOut(PageOut):
    items: list[ContactOut]


class ChosenOut(BaseModel):
    contact: ContactOut
    case_version: int

    @classmethod
    def of(cls, chosen: Chosen) -> ChosenOut:
        return cls(contact=ContactOut.of(chosen.contact), case_version=chosen.case_version)
