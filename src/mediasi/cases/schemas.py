"""What a person may send to create or change a case, with the limits a form enforces."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mediasi.validation import multi_line, single_line

PartyRole = Literal["complainant", "respondent", "victim", "witness"]
TokohRole = Literal["mediator", "witness"]
MAX_PARTIES_AT_REPORT = 20

NIK_PATTERN = r"^\d{16}$"
PHONE_PATTERN = r"^\+?[0-9]{8,15}$"


def _normalise_phone(value: str | None) -> str | None:
    if value is None:
        return None
    digits = value.replace(" ", "").replace("-", "")
    return digits or None


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PartyInput(Form):
    role: PartyRole
    name: single_line(120) = Field(min_length=2)  # type: ignore[valid-type]
    nik: str | None = Field(default=None, pattern=NIK_PATTERN)
    phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    address: single_line(300) | None = None  # type: ignore[valid-type]

    @field_validator("nik", "address", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: object) -> object:
        return _normalise_phone(value) if isinstance(value, str) else value


class CaseCreate(Form):
    workflow: Literal["sengketa", "pengaduan"] | str = Field(default="sengketa", max_length=40)
    category: str = Field(max_length=40)
    title: single_line(200) = Field(min_length=5)  # type: ignore[valid-type]
    description: multi_line(8000) = ""  # type: ignore[valid-type]
    desa_id: UUID
    reporter_name: single_line(120) = Field(min_length=2)  # type: ignore[valid-type]
    reporter_phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    parties: list[PartyInput] = Field(default_factory=list, max_length=MAX_PARTIES_AT_REPORT)

    @field_validator("reporter_phone", mode="before")
    @classmethod
    def _phone(cls, value: object) -> object:
        return _normalise_phone(value) if isinstance(value, str) else value


class CaseEdit(Form):
    title: single_line(200) | None = Field(default=None, min_length=5)  # type: ignore[valid-type]
    description: multi_line(8000) | None = None  # type: ignore[valid-type]
    category: str | None = Field(default=None, max_length=40)


class TokohInvite(Form):
    tokoh_id: UUID
    role: TokohRole = "mediator"
