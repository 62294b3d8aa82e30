"""Read models for the delivery log of a case and the people a case can reach.

The log is the proof that a person was told: every message of the case, newest first, with
the address masked and each time in the recipient's area time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.cases.models import Case
from mediasi.notifications.masking import mask
from mediasi.notifications.models import FAILED, SUPPRESSED, ContactPreference, Message
from mediasi.notifications.outbox import INVALID, NO_ADDRESS, NOT_MOBILE
from mediasi.notifications.producers import case_people
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.phones import NotAPhoneNumber, to_e164

# A message that never reached a wrong or missing number may go again to a corrected one.
RESENDABLE_REASONS = (INVALID, NOT_MOBILE, NO_ADDRESS)
CORRECTABLE = (RecipientKind.TOKOH, RecipientKind.PARTY, RecipientKind.REPORTER)


def area_time(moment: datetime | None, zone: str, lang: str) -> str:
    """``moment`` as the recipient's clock showed it, with the zone (WIB, WITA, WIT)."""
    if moment is None:
        return "—"
    return format_datetime(moment, "d MMM y HH:mm z", tzinfo=ZoneInfo(zone), locale=lang)


@dataclass(frozen=True)
class LogRow:
    message: Message
    to: str  # the address, masked
    resendable: bool

    def at(self, moment: datetime | None, lang: str) -> str:
        return area_time(moment, self.message.timezone, lang)


@dataclass(frozen=True)
class Contact:
    """A person of the case a message can be addressed to, with what they asked for."""

    key: str
    recipient: Recipient
    address: str | None
    preference: ContactPreference | None

    @property
    def to(self) -> str:
        return mask(self.address)


def may_resend(message: Message) -> bool:
    """Failed, or never sent for want of a usable number; to a person of the case."""
    if message.recipient_kind not in CORRECTABLE:
        return False
    return message.status == FAILED or (
        message.status == SUPPRESSED and message.reason in RESENDABLE_REASONS
    )


def delivery_log(session: Session, case_id: UUID) -> list[LogRow]:
    """Every message of the case, newest first; a row already sent again is not offered twice."""
    messages = session.scalars(
        select(Message)
        .where(Message.case_id == case_id)
        .order_by(Message.created_at.desc(), Message.id)
    ).all()
    resent = {m.resent_from_id for m in messages if m.resent_from_id}
    return [LogRow(m, mask(m.address), may_resend(m) and m.id not in resent) for m in messages]


def address_of(recipient: Recipient) -> str | None:
    """The address a preference is kept under: the number in E.164, else the email."""
    if recipient.phone:
        try:
            return to_e164(recipient.phone)
        except NotAPhoneNumber:
            return None
    return recipient.email


def reporter_of(case: Case) -> Recipient:
    return Recipient(
        RecipientKind.REPORTER,
        str(case.id),
        case.reporter_name,
        case.reporter_phone,
        area_id=case.desa_id,
    )


def contacts(session: Session, case: Case) -> list[Contact]:
    """The reporter, the tokoh and the parties, keyed for the forms as ``kind:ref``."""
    people = [reporter_of(case), *case_people(session, case)]
    addressed = [(p, address_of(p)) for p in people]
    known = [a for _, a in addressed if a]
    wishes = {
        w.address: w
        for w in session.scalars(
            select(ContactPreference).where(ContactPreference.address.in_(known))
        )
    }
    return [
        Contact(f"{p.kind}:{p.ref}", p, address, wishes.get(address) if address else None)
        for p, address in addressed
    ]
