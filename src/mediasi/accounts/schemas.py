"""What an administrator may send to create users, areas and tokoh, and to change contacts."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, field_validator

from mediasi.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from mediasi.validation import (
    BlankIsNone,
    EmptyIsNone,
    Form,
    OptionalEmail,
    OptionalPhone,
    one_line,
)

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,59}$"
AREA_CODE_PATTERN = r"^[A-Z0-9][A-Z0-9-]{1,39}$"
MAX_DESA_PER_OFFICER = 20


class PasswordInput(Form):
    password: str = Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH)


class UserCreate(PasswordInput):
    username: str = Field(pattern=USERNAME_PATTERN)
    full_name: Annotated[str, one_line(120)] = Field(min_length=2)
    role: Literal["officer", "supervisor", "tokoh", "admin"]
    area_id: UUID
    desa_ids: list[UUID] = Field(default_factory=list, max_length=MAX_DESA_PER_OFFICER)
    rank: Annotated[Annotated[str, one_line(40)] | None, BlankIsNone] = None
    phone: OptionalPhone = None
    email: OptionalEmail = None

    @field_validator("username", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value


class AreaCreate(Form):
    code: str = Field(pattern=AREA_CODE_PATTERN)
    name: Annotated[str, one_line(120)] = Field(min_length=2)
    level: Literal["polda", "polres", "polsek", "desa"]
    parent_id: Annotated[UUID | None, EmptyIsNone] = None

    @field_validator("code", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


class TokohCreate(Form):
    name: Annotated[str, one_line(120)] = Field(min_length=2)
    kind: Literal[
        "agama", "adat", "masyarakat", "pemuda", "perempuan", "rt_rw", "kepala_desa", "linmas"
    ]
    title: Annotated[Annotated[str, one_line(120)] | None, BlankIsNone] = None
    desa_id: UUID
    phone: OptionalPhone = None
    email: OptionalEmail = None
    user_id: Annotated[UUID | None, BlankIsNone] = None


class ContactInput(Form):
    """Where a user's or a tokoh's messages go. Both fields are sent (the form shows what is
    on record) and a blank one clears it; a body without them is refused, not read as 'clear'."""

    phone: OptionalPhone
    email: OptionalEmail
