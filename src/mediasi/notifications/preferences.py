"""What a person wants to hear, and how: opted out, or a preferred channel.

A wish is kept by the person's address (their number in E.164, or their email), so it holds in
every case they are in, and each change is a chained event of the case it was made on, with
the address masked: who asked, when, for what.

An opt-out is the person's right under UU No. 27/2022 (PDP) Pasal 11 to have the processing
of their data put off or limited; the record of it is the proof the controller keeps that the
wish was heard (Pasal 16 ayat (2) huruf h: processing done responsibly and provably).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases import kinds
from mediasi.cases.models import Case
from mediasi.cases.services import CaseService
from mediasi.config import Settings
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import FieldErrors
from mediasi.i18n import _
from mediasi.notifications import audience
from mediasi.notifications.masking import mask
from mediasi.notifications.models import ContactPreference
from mediasi.notifications.queries import log_reader
from mediasi.notifications.recipients import Recipient
from mediasi.phones import NotAPhoneNumber, to_e164
from mediasi.validation import EmptyIsNone, Form, one_line

Channel = Literal["whatsapp", "sms", "email", "log"]


class ContactChoice(Form):
    person: Annotated[str, one_line(200)]
    channel: Annotated[Channel | None, EmptyIsNone] = None
    opted_out: bool = False


@dataclass(frozen=True)
class Contact:
    """A person of the case who can be reached, with what they asked for."""

    key: str
    recipient: Recipient
    address: str
    preference: ContactPreference | None

    @property
    def to(self) -> str:
        return mask(self.address)


def address_of(recipient: Recipient) -> str | None:
    """The address a wish is kept under: the number in E.164, else the email."""
    if recipient.phone:
        try:
            return to_e164(recipient.phone)
        except NotAPhoneNumber:
            return None
    return recipient.email


def contacts_of(session: Session, case: Case) -> list[Contact]:
    """The reporter, the tokoh and the parties who have a usable address."""
    people = [audience.reporter_of(case), *audience.case_people(session, case)]
    found = [(p, address_of(p)) for p in people if p is not None]
    addressed = [(p, a) for p, a in found if a]
    wishes = {
        w.address: w
        for w in session.scalars(
            select(ContactPreference).where(
                ContactPreference.address.in_([a for _, a in addressed])
            )
        )
    }
    return [Contact(p.key, p, a, wishes.get(a)) for p, a in addressed]


@dataclass(frozen=True)
class Chosen:
    """A person's wish as recorded, and the case's version after it."""

    contact: Contact
    case_version: int


class PreferenceService:
    def __init__(self, cases: CaseService, settings: Settings) -> None:
        self.cases = cases
        self.settings = settings

    @property
    def session(self) -> Session:
        return self.cases.session

    def contacts(self, case_id: UUID, actor: Actor) -> list[Contact]:
        """The people of the case who can be reached, with their wishes: for the officers
        and supervisors over the case (404 outside its scope, 403 for anyone else)."""
        case = self.cases.get(case_id, actor)
        log_reader(actor)
        return contacts_of(self.session, case)

    @unit_of_work
    def choose(
        self, case_id: UUID, actor: Actor, data: ContactChoice, expected_version: int
    ) -> Chosen:
        case = self.cases.writable(case_id, actor, expected_version)
        contact = next((c for c in contacts_of(self.session, case) if c.key == data.person), None)
        if contact is None:
            raise FieldErrors({"person": _("Orang ini tidak ada dalam perkara ini.")})
        if data.channel is not None and data.channel not in self.settings.notify_channels:
            raise FieldErrors({"channel": _("Saluran ini tidak tersedia di sini.")})
        wish = contact.preference or ContactPreference(address=contact.address)
        wish.opted_out = data.opted_out
        wish.channel = data.channel
        self.session.add(wish)
        self.cases.record(
            case,
            actor,
            kinds.CONTACT_PREFERENCE,
            {
                "name": contact.recipient.name,
                "to": contact.to,
                "opted_out": data.opted_out,
                "channel": data.channel,
            },
        )
        return Chosen(Contact(contact.key, contact.recipient, contact.address, wish), case.version)
