"""Changing some of a party's fields (the API's PATCH): the party as it then stands goes
through the same form model and the same write as the page's edit form."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.orm import Session

from mediasi.accounts.actor import Actor
from mediasi.cases.kinds import PARTY_FIELDS
from mediasi.cases.models import Party
from mediasi.cases.schemas import PartyInput, PartyPatch
from mediasi.cases.services import CaseService
from mediasi.db.unit_of_work import unit_of_work
from mediasi.errors import NotFound
from mediasi.i18n import _
from mediasi.validation import validate


class PartyEdits:
    def __init__(self, cases: CaseService) -> None:
        self.cases = cases

    @property
    def session(self) -> Session:
        return self.cases.session

    @unit_of_work
    def amend(
        self,
        case_id: UUID,
        party_id: UUID,
        actor: Actor,
        change: PartyPatch,
        expected_version: int,
    ) -> Party:
        """The fields ``change`` was sent with take its values; the others keep theirs (null
        clears NIK, phone or address; a role or a name cannot be cleared)."""
        case = self.cases.writable(case_id, actor, expected_version)
        party = self.session.get(Party, party_id)
        if party is None or party.case_id != case.id:
            raise NotFound(_("Pihak tidak ditemukan."))
        kept = {name: getattr(party, name) for name in PARTY_FIELDS}
        sent = change.model_dump(exclude_unset=True, include=set(PARTY_FIELDS))
        whole = validate(PartyInput, kept | sent)
        return self.cases.update_party(case_id, party_id, actor, whole, expected_version)
