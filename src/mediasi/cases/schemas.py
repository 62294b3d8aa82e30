"""What a person may send to create or change a case, with the limits a form enforces."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from mediasi.validation import BlankIsNone, Form, OptionalPhone, many_lines, one_line

PartyRole = Literal["complainant", "respondent", "victim", "witness"]
TokohRole = Literal["mediator", "witness"]
# How the report reached the officer: in person, by phone or message, or found on a visit.
Door = Literal["walk_in", "phone", "patrol"]
MAX_PARTIES_AT_REPORT = 20

NIK_PATTERN = r"^\d{16}$"


class PartyInput(Form):
    role: PartyRole
    name: Annotated[str, one_line(120)] = Field(min_length=2)
    nik: Annotated[str | None, BlankIsNone] = Field(default=None, pattern=NIK_PATTERN)
    phone: OptionalPhone = None
    address: Annotated[Annotated[str, one_line(300)] | None, BlankIsNone] = None


class CaseCreate(Form):
    workflow: Literal["sengketa", "pengaduan"] | str = Field(default="sengketa", max_length=40)
    category: str = Field(max_length=40)
    title: Annotated[str, one_line(200)] = Field(min_length=5)
    description: Annotated[str, many_lines(8000)] = ""
    desa_id: UUID
    reporter_name: Annotated[str, one_line(120)] = Field(min_length=2)
    reporter_phone: OptionalPhone = None
    parties: list[PartyInput] = Field(default_factory=list, max_length=MAX_PARTIES_AT_REPORT)
    door: Door = "walk_in"


class CaseEdit(Form):
    title: Annotated[str, one_line(200)] | None = Field(default=None, min_length=5)
    description: Annotated[str, many_lines(8000)] | None = None
    category: str | None = Field(default=None, max_length=40)


class TokohInvite(Form):
    tokoh_id: UUID
    role: TokohRole = "mediator"
