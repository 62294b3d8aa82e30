"""What the admin API sends and takes for users, areas and the tokoh registry: the admin
page's forms as JSON, and each row as the page lists it. A user never carries a password or
its hash, not even the one just set."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from mediasi.accounts.models import Area, Tokoh, User
from mediasi.accounts.schemas import (
    AreaCreate,
    ContactInput,
    PasswordInput,
    TokohCreate,
    UserCreate,
)
from mediasi.validation import Form
from mediasi.web.openapi_input import with_example
from mediasi.web.paging import PageOut

AREA = "6f1c2d3e-0000-4000-8000-00000000000a"


class UserIn(UserCreate):
    """A new account: an officer holds one to twenty desa under their area (a Polsek);
    anyone else holds none."""

    model_config = with_example(
        {
            "username": "bripka.sugeng",
            "full_name": "Bripka Sugeng Riyadi",
            "role": "officer",
            "area_id": AREA,
            "desa_ids": ["6f1c2d3e-0000-4000-8000-00000000000b"],
            "rank": "Bripka",
            "phone": "0812-3456-7890",
            "email": "sugeng@contoh.id",
            "password": "kata-sandi-awal-123",
        }
    )


class PasswordIn(PasswordInput):
    """The new password the admin chose; every session of the user ends."""

    model_config = with_example({"password": "kata-sandi-baru-123"})


class ContactIn(ContactInput):
    """Both fields, as the page's form sends them: empty (or null) clears one."""

    model_config = with_example({"phone": "0812-3456-7890", "email": ""})


class ActiveIn(Form):
    """On or off: a user switched off can no longer log in (their sessions end, their tokens
    stop); a tokoh switched off is no longer offered to invite."""

    active: bool
    model_config = with_example({"active": False})


class AreaIn(AreaCreate):
    """A node one level under its parent (Polda > Polres > Polsek > desa); a Polda has none."""

    model_config = with_example(
        {"code": "NGADILANGKUNG", "name": "Ngadilangkung", "level": "desa", "parent_id": AREA}
    )


class TokohIn(TokohCreate):
    """A tokoh of a desa; ``user_id`` links a login of role tokoh (one tokoh per login)."""

    model_config = with_example(
        {
            "name": "KH. Abdul Rohman",
            "kind": "agama",
            "title": "Pengasuh pondok",
            "desa_id": AREA,
            "phone": "0813-1111-2222",
        }
    )


class UserOut(BaseModel):
    id: UUID
    username: str = Field(examples=["bripka.sugeng"])
    full_name: str
    role: str = Field(examples=["officer"])
    area_id: UUID | None
    desa_ids: list[UUID] = Field(description="The desa an officer holds.")
    rank: str | None
    phone: str | None = Field(examples=["+6281234567890"])
    email: str | None
    language: str = Field(examples=["id"])
    is_active: bool
    password_changed_at: datetime | None

    @classmethod
    def of(cls, user: User, desa_ids: Sequence[UUID]) -> UserOut:
        return cls(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            role=user.role,
            area_id=user.area_id,
            desa_ids=list(desa_ids),
            rank=user.rank,
            phone=user.phone,
            email=user.email,
            language=user.language,
            is_active=user.is_active,
            password_changed_at=user.password_changed_at,
        )


class UserPageOut(PageOut):
    items: list[UserOut]


class AreaOut(BaseModel):
    id: UUID
    code: str = Field(examples=["NGADILANGKUNG"])
    name: str
    level: str = Field(examples=["desa"])
    parent_id: UUID | None
    path: str = Field(
        examples=["/JATIM/MALANG/KEPANJEN/NGADILANGKUNG/"],
        description="The codes from the root: the tree's order.",
    )

    @classmethod
    def of(cls, area: Area) -> AreaOut:
        return cls(
            id=area.id,
            code=area.code,
            name=area.name,
            level=area.level,
            parent_id=area.parent_id,
            path=area.path,
        )


class AreaPageOut(PageOut):
    items: list[AreaOut]


class TokohOut(BaseModel):
    id: UUID
    name: str = Field(examples=["KH. Abdul Rohman"])
    kind: str = Field(examples=["agama"])
    title: str | None
    desa_id: UUID
    phone: str | None
    email: str | None
    user_id: UUID | None
    is_active: bool

    @classmethod
    def of(cls, tokoh: Tokoh) -> TokohOut:
        return cls(
            id=tokoh.id,
            name=tokoh.name,
            kind=tokoh.kind,
            title=tokoh.title,
            desa_id=tokoh.desa_id,
            phone=tokoh.phone,
            email=tokoh.email,
            user_id=tokoh.user_id,
            is_active=tokoh.is_active,
        )


class TokohPageOut(PageOut):
    items: list[TokohOut]
