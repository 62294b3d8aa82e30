"""An admin's test message: one channel, the admin's own number or address, sent now.

It goes through the outbox and the dispatcher like every other message, so a test that
arrives proves the whole path (settings, provider, number format), and one that fails shows
the provider's reason in the same place an officer would see it.
"""

from __future__ import annotations

import logging
from typing import Annotated
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from pydantic import Field
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.config import Settings
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import FieldErrors, NotFound
from mediasi.i18n import _
from mediasi.notifications.channels.base import EMAIL, PHONE
from mediasi.notifications.masking import mask
from mediasi.notifications.models import Message
from mediasi.notifications.outbox import REACHES, Outbox
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.validation import Form, OptionalEmail, OptionalPhone, one_line

log = logging.getLogger("mediasi.notifications")

TRIAL = "test"


class TrialForm(Form):
    channel: Annotated[str, one_line(20)] = Field(min_length=1)
    phone: OptionalPhone = None
    email: OptionalEmail = None


class TrialService:
    def __init__(self, session: Session, settings: Settings, actor: Actor) -> None:
        self.session = session
        self.settings = settings
        self.actor = actor

    @unit_of_work
    def send(self, data: TrialForm) -> Message:
        """Queue the test message to go at once, whatever the hour (it is for the admin)."""
        if data.channel not in self.settings.notify_channels:
            raise FieldErrors({"channel": _("Saluran ini tidak aktif di sini.")})
        reach = REACHES[data.channel]
        if reach == PHONE and not data.phone:
            raise FieldErrors({"phone": _("Saluran ini mengirim ke nomor telepon; isi nomornya.")})
        if reach == EMAIL and not data.email:
            raise FieldErrors({"email": _("Saluran ini mengirim ke email; isi alamatnya.")})
        if not (data.phone or data.email):
            raise FieldErrors({"phone": _("Isi nomor telepon atau alamat email.")})
        me = Recipient(
            RecipientKind.TEST,
            str(self.actor.id),
            self.actor.name,
            phone=data.phone if reach != EMAIL else None,
            email=data.email if reach != PHONE else None,
        )
        site = urlsplit(self.settings.public_url).netloc or "mediasi"
        message = Outbox(self.session, self.settings).enqueue(
            TRIAL, me, {"site": site}, dedupe=f"trial:{uuid4()}", channel=data.channel
        )
        log.info(
            "test message %s queued by %s via %s to %s",
            message.id,
            self.actor.name,
            data.channel,
            mask(message.address),
        )
        return message

    def get(self, message_id: UUID) -> Message:
        """A test message, for its result: never another kind of message (that is a case's)."""
        message = self.session.get(Message, message_id)
        if message is None or message.kind != TRIAL or message.case_id is not None:
            raise NotFound(_("Pesan uji tidak ditemukan."))
        return message
