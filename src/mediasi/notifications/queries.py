"""Read models for the delivery log of a case.

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

from mediasi.accounts.actor import Actor
from mediasi.accounts.roles import Role
from mediasi.errors import Forbidden
from mediasi.i18n import _
from mediasi.notifications.masking import mask
from mediasi.notifications.models import FAILED, SUPPRESSED, Message
from mediasi.notifications.outbox import INVALID, NO_ADDRESS, NOT_MOBILE
from mediasi.notifications.recipients import RecipientKind

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


def may_resend(message: Message) -> bool:
    """Failed, or never sent for want of a usable number; to a person of the case."""
    if message.recipient_kind not in CORRECTABLE:
        return False
    return message.status == FAILED or (
        message.status == SUPPRESSED and message.reason in RESENDABLE_REASONS
    )


def log_reader(actor: Actor) -> None:
    """The log and the people's wishes are the officers' and supervisors' (the case page
    shows them no one else): a tokoh of the case is refused."""
    if actor.role not in (Role.OFFICER, Role.SUPERVISOR):
        raise Forbidden(_("Catatan pesan hanya untuk petugas dan pengawas perkara."))


def delivery_log(session: Session, case_id: UUID) -> list[LogRow]:
    """Every message of the case, newest first; a row already sent again is not offered twice."""
    messages = session.scalars(
        select(Message)
        .where(Message.case_id == case_id)
        .order_by(Message.created_at.desc(), Message.id)
    ).all()
    resent = {m.resent_from_id for m in messages if m.resent_from_id}
    return [LogRow(m, mask(m.address), may_resend(m) and m.id not in resent) for m in messages]
