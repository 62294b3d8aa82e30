"""What a person sends to make a token: a name, its scopes and how long it lives."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from mediasi.tokens.scopes import ALL_SCOPES
from mediasi.validation import Form, one_line

# How long a token may live, in days, as the form offers it.
LIFETIMES = (7, 30, 90, 180, 365)


class TokenForm(Form):
    name: Annotated[str, one_line(80)] = Field(min_length=2)
    scopes: list[str] = Field(max_length=len(ALL_SCOPES))
    days: int = Field(ge=1, le=max(LIFETIMES))

    @field_validator("scopes")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        if not value:
            raise PydanticCustomError("missing", "choose at least one scope")
        if any(s not in ALL_SCOPES for s in value):
            raise PydanticCustomError("literal_error", "unknown scope")
        return sorted(set(value))

    @field_validator("days")
    @classmethod
    def _offered(cls, value: int) -> int:
        if value not in LIFETIMES:
            raise PydanticCustomError("literal_error", "not an offered lifetime")
        return value


class ServiceTokenForm(TokenForm):
    """An admin's token for a service: whose account it acts as."""

    user_id: UUID


class RevokeForm(Form):
    """Revoking sends nothing but the CSRF token: any other field is refused."""
