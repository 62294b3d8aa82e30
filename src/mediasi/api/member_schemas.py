"""What the API sends and takes for a case's parties and tokoh. Every change carries the case
``version`` the client saw (a stale one is a 409, nothing written) and answers with the
version the case has now, for the client's next change. Parties are shown as the case detail
shows them (:class:`mediasi.api.schemas.PartyOut`: NIK and phone masked, hidden from a tokoh);
a tokoh is shown by name, kind and title, never by phone or email."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.accounts.models import Tokoh
from mediasi.api.schemas import PartyOut
from mediasi.api.versions import CaseVersion, NewVersion
from mediasi.cases.kinds import PARTY_FIELDS
from mediasi.cases.models import CaseTokoh
from mediasi.cases.schemas import PartyInput, PartyPatch, TokohInvite
from mediasi.web.openapi_input import with_example
from mediasi.web.paging import PageOut


class PartyIn(PartyInput):
    """A new party: the page's party fields and the case version."""

    model_config = with_example(
        {
            "version": 4,
            "role": "witness",
            "name": "Pak Harjo",
            "nik": "3507010101010003",
            "phone": "0812-3456-7891",
            "address": "RT 02 RW 01 Ngadilangkung",
        }
    )

    version: CaseVersion

    def party(self) -> PartyInput:
        return PartyInput.model_validate(self.model_dump(include=set(PARTY_FIELDS)))


class PartyPatchIn(PartyPatch):
    """Some of a party's fields, and the case version; a field left out keeps its value."""

    model_config = with_example({"version": 5, "phone": "0813-2222-3333"})

    version: CaseVersion


class TokohInviteIn(TokohInvite):
    """A tokoh of the case's desa registry to invite (as mediator or witness)."""

    model_config = with_example(
        {
            "version": 4,
            "tokoh_id": "0b9f3c53-6a0e-4f59-8a43-3f0f1f6f2a10",
            "role": "mediator",
        }
    )

    version: CaseVersion


class PartyWritten(BaseModel):
    party: PartyOut
    version: NewVersion


class PartyPageOut(PageOut):
    items: list[PartyOut]


class TokohOut(BaseModel):
    """A tokoh of the desa registry, as the invite form offers them."""

    id: UUID
    name: str = Field(examples=["KH. Abdul Rohman"])
    kind: str = Field(examples=["agama"])
    title: str | None = Field(examples=["Ketua RW 03"])

    @classmethod
    def of(cls, tokoh: Tokoh) -> TokohOut:
        return cls(id=tokoh.id, name=tokoh.name, kind=tokoh.kind, title=tokoh.title)


class InvitedOut(TokohOut):
    """A tokoh taking part in the case: as mediator or witness, since when."""

    role: str = Field(examples=["mediator"])  # or witness
    invited_at: datetime

    @classmethod
    def invited(cls, link: CaseTokoh, tokoh: Tokoh) -> InvitedOut:
        shown = TokohOut.of(tokoh).model_dump()
        return cls(**shown, role=link.role, invited_at=link.created_at)


class InvitedWritten(BaseModel):
    tokoh: InvitedOut
    version: NewVersion


class TokohPageOut(PageOut):
    items: list[TokohOut]


class InvitedPageOut(PageOut):
    items: list[InvitedOut]
