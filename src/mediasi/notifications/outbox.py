"""Queueing a message: written in the caller's transaction, so it exists exactly when the
change that caused it commits, and it survives the process that wrote it.

Here the person's wishes and limits are applied once: their opt-out and preferred channel,
the channels this deployment has, a usable address, quiet hours in their area's time.
A message that cannot or must not go is still written, as *suppressed* with the reason:
the delivery log is the proof of who was told and who was not, and why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, cast
from uuid import UUID, uuid4

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mediasi.accounts.zones import area_timezone
from mediasi.config import Settings
from mediasi.db.base import utcnow
from mediasi.i18n import _
from mediasi.notifications.channels.base import ANY, EMAIL, PHONE
from mediasi.notifications.models import QUEUED, SUPPRESSED, ContactPreference, Message
from mediasi.notifications.quiet import next_allowed
from mediasi.notifications.recipients import Recipient
from mediasi.notifications.texts import KINDS, render
from mediasi.phones import NotAPhoneNumber, is_mobile, to_e164

REACHES = {"whatsapp": PHONE, "sms": PHONE, "email": EMAIL, "log": ANY}
# Channels whose texts must fit one SMS (the log shows what an SMS would have said).
SHORT = ("sms", "log")

# Why a message was not sent, kept as the catalog's msgid: the delivery log shows it in the
# reader's language (a provider's own reason is shown as the provider wrote it).
NO_ADDRESS = _("Tidak ada nomor telepon atau alamat email yang tercatat.").msgid
OPTED_OUT = _("Orang ini meminta tidak dikirimi pesan.").msgid
NOT_MOBILE = _("Nomor ini bukan nomor ponsel.").msgid
INVALID = _("Nomor yang tercatat bukan nomor telepon.").msgid

_ADD_MESSAGE = insert(cast(Table, Message.__table__))


class Outbox:
    def __init__(
        self, session: Session, settings: Settings, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.session = session
        self.settings = settings
        self.clock = clock
        self.queued = 0  # new rows written through this outbox (a repeated key adds none)
        self._zones: dict[UUID | None, str] = {}

    def enqueue(
        self,
        kind: str,
        recipient: Recipient,
        params: dict[str, Any],
        *,
        dedupe: str,
        case_id: UUID | None = None,
        resent_from: UUID | None = None,
        channel: str | None = None,
        fresh: bool = False,
    ) -> Message:
        """Queue ``kind`` for ``recipient``; the same ``dedupe`` key returns the first one.

        ``channel`` forces one enabled channel (an admin's test message) instead of the
        person's preference and the deployment's order. ``fresh`` says the key cannot have
        been used (it holds an event written in this transaction): no lookup, no savepoint."""
        if not fresh:
            existing = self.session.scalars(
                select(Message).where(Message.dedupe_key == dedupe)
            ).first()
            if existing is not None:
                return existing
        now = self.clock()
        zone = self._zone(recipient.area_id)
        channel, address, reason = self._route(recipient, channel)
        spec = KINDS[kind]
        subject, text = render(spec, params, recipient.language, sms=channel in SHORT)
        values: dict[str, Any] = dict(
            id=uuid4(),
            case_id=case_id,
            kind=kind,
            dedupe_key=dedupe[:200],
            recipient_kind=str(recipient.kind),
            recipient_ref=recipient.ref,
            recipient_name=recipient.name[:120],
            channel=channel,
            address=address,
            language=recipient.language,
            timezone=zone,
            subject=subject[:200],
            text=text,
            params={name: str(params.get(name, "")) for name in spec.params},
            status=SUPPRESSED if reason else QUEUED,
            reason=reason,
            next_attempt_at=next_allowed(
                now, zone, self.settings.notify_quiet_start, self.settings.notify_quiet_end
            )
            if spec.quiet
            else now,
            resent_from_id=resent_from,
        )
        if fresh:
            # Written with one Core statement: a step's messages are on its hot path, and the
            # unit of work cost more than the insert. The row exists now, for any later read.
            self.session.connection().execute(_ADD_MESSAGE, values)
            self.queued += 1
            return Message(**values)
        message = Message(**values)
        try:
            with self.session.begin_nested():
                self.session.add(message)
        except IntegrityError:
            # Another node queued the same reminder or digest a moment ago: that one stands.
            return self.session.scalars(select(Message).where(Message.dedupe_key == dedupe)).one()
        self.queued += 1
        return message

    def _zone(self, area_id: UUID | None) -> str:
        """An area's time zone, looked up once per outbox (a step tells several people)."""
        if area_id not in self._zones:
            self._zones[area_id] = area_timezone(self.session, area_id, self.settings.timezone)
        return self._zones[area_id]

    def preference(self, address: str | None) -> ContactPreference | None:
        if not address:
            return None
        return self.session.scalars(
            select(ContactPreference).where(ContactPreference.address == address)
        ).first()

    def _route(
        self, recipient: Recipient, forced: str | None = None
    ) -> tuple[str, str | None, str | None]:
        """(channel, address, why it is suppressed or None)."""
        enabled = (forced,) if forced else self.settings.notify_channels
        phone, phone_problem = _phone(recipient.phone)
        addresses = {PHONE: phone, EMAIL: recipient.email}
        for address in (phone, recipient.email):
            wish = self.preference(address)
            if wish is not None and wish.opted_out:
                return enabled[0], address, OPTED_OUT
        wishes = [self.preference(a) for a in (phone, recipient.email)]
        preferred = [w.channel for w in wishes if w is not None and w.channel in enabled]
        for name in (*preferred, *enabled):
            reach = REACHES[name]
            if reach == ANY:
                address = phone or recipient.email
                if address:
                    return name, address, None
            elif addresses[reach]:
                return name, addresses[reach], None
        return enabled[0], phone or recipient.email, phone_problem or NO_ADDRESS


def _phone(raw: str | None) -> tuple[str | None, str | None]:
    """The number in E.164 if a message can reach it, else the reason it cannot."""
    if not raw:
        return None, None
    try:
        number = to_e164(raw)
    except NotAPhoneNumber:
        return None, INVALID
    if not is_mobile(number):
        return None, NOT_MOBILE
    return number, None
