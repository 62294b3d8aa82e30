"""Sending a failed message again, to the number the officer has corrected.

The corrected number is kept where it belongs — a party's record, the case's reporter — as
a chained case event, and the resend itself is a chained event with the number masked; then
a copy of the message is queued for the dispatcher (``resent_from`` the failed one).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid4

from pydantic import Field
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases import kinds
from mediasi.cases.models import Case, Party
from mediasi.cases.schemas import PartyInput
from mediasi.cases.services import CaseService
from mediasi.config import Settings
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import FieldErrors, NotFound
from mediasi.i18n import _
from mediasi.notifications.masking import mask
from mediasi.notifications.models import Message
from mediasi.notifications.outbox import Outbox
from mediasi.notifications.queries import LogRow, delivery_log, log_reader, may_resend
from mediasi.notifications.recipients import Recipient, RecipientKind
from mediasi.validation import Form, OptionalPhone

_GONE = _("Pesan tidak ditemukan.")


class NewNumber(Form):
    phone: OptionalPhone = Field(default=None)


@dataclass(frozen=True)
class Resent:
    """The copy queued to the corrected number, and the case's version after it."""

    message: Message
    case_version: int


class ResendService:
    def __init__(self, cases: CaseService, settings: Settings) -> None:
        self.cases = cases
        self.settings = settings

    @property
    def session(self) -> Session:
        return self.cases.session

    def log(self, case_id: UUID, actor: Actor) -> list[LogRow]:
        """Every message of the case, newest first, for the officers and supervisors over it
        (404 outside its scope, 403 for anyone else)."""
        case = self.cases.get(case_id, actor)
        log_reader(actor)
        return delivery_log(self.session, case.id)

    @unit_of_work
    def resend(
        self, case_id: UUID, message_id: UUID, actor: Actor, data: NewNumber, expected_version: int
    ) -> Resent:
        case = self.cases.writable(case_id, actor, expected_version)
        failed = self.session.get(Message, message_id)
        if failed is None or failed.case_id != case.id:
            raise NotFound(_GONE)
        if not data.phone:
            raise FieldErrors({"phone": _("Wajib diisi.")})
        if not may_resend(failed):
            raise FieldErrors({"phone": _("Pesan ini tidak gagal; tidak perlu dikirim ulang.")})
        phone = data.phone
        self._keep_number(case, failed, actor, phone, expected_version)
        self.cases.record(
            case,
            actor,
            kinds.MESSAGE_RESENT,
            {"name": failed.recipient_name, "to": mask(phone), "kind": failed.kind},
        )
        recipient = Recipient(
            RecipientKind(failed.recipient_kind),
            failed.recipient_ref,
            failed.recipient_name,
            phone,
            area_id=case.desa_id,
            language=failed.language,
        )
        copy = Outbox(self.session, self.settings, self.cases.clock).enqueue(
            failed.kind,
            recipient,
            dict(failed.params),
            dedupe=f"resend:{failed.id}:{uuid4()}",
            case_id=case.id,
            resent_from=failed.id,
        )
        return Resent(copy, case.version)

    def _keep_number(
        self, case: Case, failed: Message, actor: Actor, phone: str, version: int
    ) -> None:
        """The party's or the reporter's record takes the corrected number; a tokoh's
        registry entry is the admin's, so only the message goes to the new number."""
        if failed.recipient_kind == RecipientKind.PARTY:
            party = self.session.get(Party, UUID(failed.recipient_ref or str(UUID(int=0))))
            if party is None or party.case_id != case.id:
                raise FieldErrors({"phone": _("Pihak ini sudah tidak ada dalam perkara.")})
            values = {k: getattr(party, k) for k in kinds.PARTY_FIELDS}
            data = PartyInput.model_validate({**values, "phone": phone})
            self.cases.update_party(case.id, party.id, actor, data, version)
        elif failed.recipient_kind == RecipientKind.REPORTER:
            self.cases.update_reporter_phone(case.id, actor, phone, version)
