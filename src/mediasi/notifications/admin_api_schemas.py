"""What the admin's notifications API sends and takes: each channel's settings as the page
shows them (a secret only as set or not), the test message's form, and the test message's
fate (its address masked)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.i18n import gettext
from mediasi.notifications.channels.base import ChannelStatus
from mediasi.notifications.masking import mask
from mediasi.notifications.models import Message
from mediasi.notifications.trial import TrialForm
from mediasi.web.openapi_input import with_example
from mediasi.web.paging import PageOut


class TrialIn(TrialForm):
    """One enabled channel and the admin's own number or email (what the channel reaches)."""

    model_config = with_example({"channel": "log", "phone": "0812-3456-7890"})


class ChannelOut(BaseModel):
    name: str = Field(examples=["whatsapp"])
    reaches: str = Field(description="What kind of address it sends to, in words.")
    settings: dict[str, str] = Field(
        description="Each setting's value; a secret only as set or not.",
        examples=[{"MEDIASI_WHATSAPP_TOKEN": "diisi"}],
    )

    @classmethod
    def of(cls, status: ChannelStatus, lang: str) -> ChannelOut:
        settings = {
            name: value if isinstance(value, str) else value.get(lang)
            for name, value in status.settings.items()
        }
        return cls(name=status.name, reaches=status.reaches.get(lang), settings=settings)


class ChannelPageOut(PageOut):
    items: list[ChannelOut]


class TrialOut(BaseModel):
    id: UUID
    channel: str = Field(examples=["log"])
    to: str = Field(examples=["+62812****7890"], description="The address, masked.")
    status: str = Field(
        examples=["queued"], description="queued or sending until it is known: ask again."
    )
    text: str
    reason: str | None = Field(description="Why it failed, in the caller's language.")
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    failed_at: datetime | None

    @classmethod
    def of(cls, message: Message, lang: str) -> TrialOut:
        return cls(
            id=message.id,
            channel=message.channel,
            to=mask(message.address),
            status=message.status,
            text=message.text,
            reason=gettext(lang, message.reason) if message.reason else None,
            created_at=message.created_at,
            sent_at=message.sent_at,
            delivered_at=message.delivered_at,
            failed_at=message.failed_at,
        )
